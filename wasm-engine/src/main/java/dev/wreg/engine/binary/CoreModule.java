package dev.wreg.engine.binary;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wreg.engine.binary.internal.WasmReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A core module embedded in a component, kept as its exact bytes (the encoder writes them back
 * unchanged). {@link #parse()} decodes it with Chicory on demand; {@link #customSections()} lists
 * its custom sections without a full parse, which is how the {@code component-type*} sections
 * that carry a WIT world are found.
 *
 * @param bytes the module, starting with its {@code \0asm 01 00 00 00} preamble
 */
public record CoreModule(Bytes bytes) {

    /** Parses the module with Chicory's parser (which validates core structure as it goes). */
    public WasmModule parse() {
        return Parser.parse(bytes.unsafeArray().clone());
    }

    /**
     * The module's custom sections, in order. A module that is not well formed at the section
     * level yields a {@link MalformedComponentException} with the offset inside the module.
     */
    public List<Section.Custom> customSections() {
        WasmReader r = new WasmReader(bytes.unsafeArray());
        if (r.remaining() < 8) {
            throw r.error("unexpected end-of-file");
        }
        r.skip(8);
        List<Section.Custom> out = new ArrayList<>();
        while (!r.atEnd()) {
            int id = r.u8();
            int size = r.u32();
            if (size < 0 || size > r.remaining()) {
                throw r.error("section size out of bounds");
            }
            WasmReader content = r.slice(size);
            if (id == 0) {
                String name = content.name();
                out.add(new Section.Custom(name, Bytes.of(content.data(), content.position(), content.remaining())));
            }
        }
        return out;
    }

    /**
     * The components embedded in {@code component-type*} custom sections (the WIT world a
     * toolchain recorded for this module), decoded.
     */
    public List<Component> componentTypes() {
        List<Component> out = new ArrayList<>();
        for (Section.Custom c : customSections()) {
            if (c.name().startsWith("component-type")) {
                out.add(ComponentDecoder.decode(c.data().unsafeArray()));
            }
        }
        return out;
    }

    /** The value of the module's {@code name} custom section's module-name subsection, if any. */
    public Optional<String> moduleName() {
        for (Section.Custom c : customSections()) {
            if (c.name().equals("name")) {
                try {
                    WasmReader r = new WasmReader(c.data().unsafeArray());
                    while (!r.atEnd()) {
                        int id = r.u8();
                        int size = r.u32();
                        WasmReader sub = r.slice(size);
                        if (id == 0) {
                            return Optional.of(sub.name());
                        }
                    }
                } catch (MalformedComponentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
