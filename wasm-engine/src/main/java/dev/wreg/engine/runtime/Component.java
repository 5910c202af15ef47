package dev.wreg.engine.runtime;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.runtime.internal.Instantiator;
import java.util.Map;
import java.util.Objects;

/**
 * A component ready to run: decoded, with every core module parsed once by Chicory. Immutable and
 * thread-safe; instantiate it as often as needed with {@link #instantiate(Linker)}.
 *
 * <pre>{@code
 * Component c = Component.fromBytes(Files.readAllBytes(path));
 * ComponentInstance i = c.instantiate(new Linker());
 * List<Val> r = i.call("greet", List.of(Val.string("wreg")));
 * }</pre>
 */
public final class Component {
    private final dev.wreg.engine.binary.Component model;
    private final Map<CoreModule, WasmModule> modules;

    private Component(dev.wreg.engine.binary.Component model, Map<CoreModule, WasmModule> modules) {
        this.model = model;
        this.modules = modules;
    }

    /**
     * Decodes and prepares a component. Throws {@link
     * dev.wreg.engine.binary.MalformedComponentException} for bad bytes and {@link
     * InvalidModuleException} when an embedded core module does not parse.
     */
    public static Component fromBytes(byte[] bytes) {
        return of(ComponentDecoder.decode(bytes));
    }

    public static Component of(dev.wreg.engine.binary.Component model) {
        Objects.requireNonNull(model);
        try {
            return new Component(model, java.util.Collections.unmodifiableMap(Instantiator.parseModules(model)));
        } catch (ChicoryException e) {
            throw new InvalidModuleException("embedded core module is invalid: " + e.getMessage(), e);
        }
    }

    public dev.wreg.engine.binary.Component model() {
        return model;
    }

    /**
     * Instantiates the component. Throws {@link LinkException} when imports are missing (naming
     * them) and {@link ComponentTrap} when instantiation traps.
     */
    public ComponentInstance instantiate(Linker linker) {
        Instantiator in = new Instantiator(modules, linker);
        Map<String, Object> exports = in.instantiateTop(model);
        return new ComponentInstance(exports, in.poison());
    }

    /** An embedded core module that Chicory rejects. */
    public static final class InvalidModuleException extends RuntimeException {
        public InvalidModuleException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
