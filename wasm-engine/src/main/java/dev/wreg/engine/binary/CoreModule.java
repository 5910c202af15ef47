package dev.wreg.engine.binary;

import dev.wreg.engine.binary.internal.WasmReader;
import dev.wreg.engine.binary.internal.WasmWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;

/**
 * A core module embedded in a component, kept as its exact bytes (the encoder writes them back
 * unchanged). {@link #parse()} decodes it with Endive on demand; {@link #customSections()} lists
 * its custom sections without a full parse, which is how the {@code component-type*} sections
 * that carry a WIT world are found.
 *
 * @param bytes the module, starting with its {@code \0asm 01 00 00 00} preamble
 */
public record CoreModule(Bytes bytes) {

    /**
     * The field name Endive sees for an import whose module and field names are both empty,
     * followed by the import's position. Such imports are valid Wasm (the component model uses
     * them for the {@code ""} instance argument), but Endive 1.0.0's parser refuses them as
     * "malformed import kind", so {@link #parse()} renames them; {@link #importName} gives the
     * real name back. A NUL cannot start a name any toolchain would choose by accident.
     */
    private static final String EMPTY_IMPORT = "\0wreg-empty-import-";

    /**
     * Parses the module with Endive's parser (which validates core structure as it goes). Imports
     * named {@code "" ""} reach Endive under a stand-in field name; see {@link #importName}.
     */
    public WasmModule parse() {
        return Parser.parse(chicoryBytes());
    }

    /**
     * A fresh copy of the bytes {@link #parse()} gives Endive (imports named {@code "" ""}
     * renamed): what any other path to Endive's parser, such as a module cache, must parse too.
     */
    public byte[] chicoryBytes() {
        byte[] raw = bytes.unsafeArray();
        byte[] renamed = renameEmptyImports(raw);
        return renamed == null ? raw.clone() : renamed;
    }

    /** The import's field name as the module wrote it, undoing {@link #parse()}'s stand-in. */
    public static String importName(String chicoryName) {
        return chicoryName.startsWith(EMPTY_IMPORT) ? "" : chicoryName;
    }

    /**
     * The module with every import named {@code "" ""} given a stand-in field name, or null when
     * there is none (or the import section uses an encoding this does not follow, such as compact
     * imports: then Endive sees the bytes unchanged and reports what it thinks of them).
     */
    private static byte[] renameEmptyImports(byte[] module) {
        try {
            WasmReader r = new WasmReader(module);
            if (r.remaining() < 8) {
                return null;
            }
            r.skip(8);
            while (!r.atEnd()) {
                int sectionStart = r.position();
                int id = r.u8();
                int size = r.u32();
                if (size < 0 || size > r.remaining()) {
                    return null;
                }
                int contentStart = r.position();
                if (id != 2) {
                    r.skip(size);
                    continue;
                }
                byte[] imports = renameInImportSection(r.slice(size));
                if (imports == null) {
                    return null;
                }
                WasmWriter w = new WasmWriter(module.length + 64);
                w.bytes(module, 0, sectionStart);
                w.u8(2).u32(imports.length).bytes(imports);
                int after = contentStart + size;
                w.bytes(module, after, module.length - after);
                return w.toByteArray();
            }
            return null;
        } catch (MalformedComponentException e) {
            return null;
        }
    }

    private static byte[] renameInImportSection(WasmReader r) {
        int count = r.u32();
        WasmWriter w = new WasmWriter(r.remaining() + 64);
        w.u32(count);
        boolean renamed = false;
        for (int i = 0; i < count; i++) {
            String module = r.name();
            String field = r.name();
            int descStart = r.position();
            int kind = r.u8();
            switch (kind) {
                case 0x00 -> r.u32(); // func: type index
                case 0x01 -> { // table: reference type, limits
                    skipValType(r);
                    skipLimits(r);
                }
                case 0x02 -> skipLimits(r); // memory
                case 0x03 -> { // global: value type, mutability
                    skipValType(r);
                    r.u8();
                }
                case 0x04 -> { // tag: attribute, type index
                    r.u8();
                    r.u32();
                }
                default -> {
                    return null; // compact imports or a kind Endive does not know anyway
                }
            }
            if (module.isEmpty() && field.isEmpty()) {
                field = EMPTY_IMPORT + i;
                renamed = true;
            }
            w.name(module).name(field).bytes(r.data(), descStart, r.position() - descStart);
        }
        return renamed && r.atEnd() ? w.toByteArray() : null;
    }

    private static void skipValType(WasmReader r) {
        int b = r.u8();
        if (b == 0x63 || b == 0x64) {
            r.s33(); // (ref null? heaptype)
        }
    }

    private static void skipLimits(WasmReader r) {
        int flags = r.u8();
        r.u64();
        if ((flags & 0x01) != 0) {
            r.u64();
        }
        if ((flags & 0x08) != 0) {
            r.u32(); // custom page size
        }
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
