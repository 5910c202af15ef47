package dev.wreg.engine.runtime;

import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.runtime.internal.CoreEngine;
import dev.wreg.engine.runtime.internal.Instantiator;
import dev.wreg.engine.runtime.internal.ModuleCache;
import java.util.Map;
import java.util.Objects;
import run.endive.wasm.WasmEngineException;

/**
 * A component ready to run: decoded, with every core module parsed once by Endive and, as the
 * {@link ExecutionPolicy} decides, compiled to JVM bytecode. Parsed and compiled core modules are
 * cached process-wide by the SHA-256 of their bytes, so preparing a component whose modules were
 * seen before is cheap. Immutable and thread-safe; instantiate it as often as needed with {@link
 * #instantiate(Linker)}.
 *
 * <pre>{@code
 * PreparedComponent c = PreparedComponent.fromBytes(Files.readAllBytes(path));                // interpreter
 * PreparedComponent fast = PreparedComponent.fromBytes(bytes, ExecutionPolicy.COMPILER);     // compiled once, cached
 * ComponentInstance i = c.instantiate(new Linker());
 * List<Val> r = i.call("greet", List.of(Val.string("wreg")));
 * }</pre>
 */
public final class PreparedComponent {
    private final dev.wreg.engine.binary.Component model;
    private final CoreEngine engine;

    private PreparedComponent(dev.wreg.engine.binary.Component model, CoreEngine engine) {
        this.model = model;
        this.engine = engine;
    }

    /**
     * Decodes and prepares a component. Throws {@link
     * dev.wreg.engine.binary.MalformedComponentException} for bad bytes and {@link
     * InvalidModuleException} when an embedded core module does not parse.
     */
    public static PreparedComponent fromBytes(byte[] bytes) {
        return fromBytes(bytes, ExecutionPolicy.INTERPRETER);
    }

    /** As {@link #fromBytes(byte[])}, running core modules as {@code policy} says. */
    public static PreparedComponent fromBytes(byte[] bytes, ExecutionPolicy policy) {
        return of(ComponentDecoder.decode(bytes), policy);
    }

    /**
     * As {@link #fromBytes(byte[], ExecutionPolicy)}, for a component the wreg validator accepts
     * (or will have accepted before the caller instantiates it): the function bodies the
     * interpreter runs are parsed when first run, not all up front — for a 12 MB JavaScript
     * engine, most of a cold start. Endive's checks of a body then come at its first run, which
     * for a valid component finds nothing.
     */
    public static PreparedComponent fromValidatedBytes(byte[] bytes, ExecutionPolicy policy) {
        return ofValidated(ComponentDecoder.decode(bytes), policy);
    }

    /** As {@link #fromValidatedBytes}, for a decoded component. */
    public static PreparedComponent ofValidated(dev.wreg.engine.binary.Component model, ExecutionPolicy policy) {
        return prepare(model, policy, true);
    }

    /** Prepares a decoded component for the interpreter. */
    public static PreparedComponent of(dev.wreg.engine.binary.Component model) {
        return of(model, ExecutionPolicy.INTERPRETER);
    }

    /** Prepares a decoded component, running core modules as {@code policy} says. */
    public static PreparedComponent of(dev.wreg.engine.binary.Component model, ExecutionPolicy policy) {
        return prepare(model, policy, false);
    }

    private static PreparedComponent prepare(
            dev.wreg.engine.binary.Component model, ExecutionPolicy policy, boolean bodiesOnDemand) {
        Objects.requireNonNull(model);
        Objects.requireNonNull(policy);
        try {
            return new PreparedComponent(
                    model, CoreEngine.prepare(model, policy, ModuleCache.shared(), bodiesOnDemand));
        } catch (WasmEngineException e) {
            throw new InvalidModuleException("embedded core module is invalid: " + e.getMessage(), e);
        }
    }

    public dev.wreg.engine.binary.Component model() {
        return model;
    }

    /** The policy this component was prepared with. */
    public ExecutionPolicy policy() {
        return engine.policy();
    }

    /**
     * How many of this component's core modules run compiled, out of how many (distinct parsed
     * modules; a module embedded twice counts once).
     */
    public EngineSummary engineSummary() {
        return engine.summary();
    }

    /** See {@link #engineSummary()}. */
    public record EngineSummary(int compiledModules, int modules) {}

    /**
     * Instantiates the component. Throws {@link LinkException} when imports are missing (naming
     * them) and {@link ComponentTrap} when instantiation traps.
     */
    public ComponentInstance instantiate(Linker linker) {
        Instantiator in = new Instantiator(engine, linker);
        Map<String, Object> exports = in.instantiateTop(model);
        return new ComponentInstance(exports, in.poison(), in.store());
    }

    /** An embedded core module that Endive rejects. */
    public static final class InvalidModuleException extends RuntimeException {
        public InvalidModuleException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
