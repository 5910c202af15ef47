package dev.wreg.engine.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny core-module assembler for tests that need hand-made guests (no WAT tool is available in
 * the build): function types, function imports, one exported memory, exported functions with raw
 * instruction bytes.
 */
final class TestModules {
    static final byte I32 = 0x7f;

    private final List<byte[]> types = new ArrayList<>();
    private final List<byte[]> imports = new ArrayList<>();
    private final List<Integer> funcTypes = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();
    private final List<byte[]> exports = new ArrayList<>();
    private int importedFuncs;
    private boolean memory;

    /** Adds a function type of i32 params/results; returns its index. */
    int type(int params, int results) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x60);
        b.write(params);
        for (int i = 0; i < params; i++) {
            b.write(I32);
        }
        b.write(results);
        for (int i = 0; i < results; i++) {
            b.write(I32);
        }
        types.add(b.toByteArray());
        return types.size() - 1;
    }

    /** Imports a function; returns its function index. */
    int importFunc(String module, String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        name(b, module);
        name(b, name);
        b.write(0x00);
        uleb(b, type);
        imports.add(b.toByteArray());
        return importedFuncs++;
    }

    TestModules memory() {
        memory = true;
        exports.add(export("mem", 0x02, 0));
        return this;
    }

    /** Defines and exports a function with no locals beyond {@code extraLocals} i32s. */
    int func(String exportName, int type, int extraLocals, int... code) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (extraLocals > 0) {
            body.write(1);
            uleb(body, extraLocals);
            body.write(I32);
        } else {
            body.write(0);
        }
        for (int c : code) {
            body.write(c);
        }
        body.write(0x0b);
        funcTypes.add(type);
        bodies.add(body.toByteArray());
        int index = importedFuncs + funcTypes.size() - 1;
        exports.add(export(exportName, 0x00, index));
        return index;
    }

    byte[] build() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(m, 1, types);
        section(m, 2, imports);
        List<byte[]> fs = new ArrayList<>();
        for (int t : funcTypes) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            uleb(b, t);
            fs.add(b.toByteArray());
        }
        section(m, 3, fs);
        if (memory) {
            section(m, 5, List.of(new byte[] {0x00, 0x01}));
        }
        section(m, 7, exports);
        List<byte[]> code = new ArrayList<>();
        for (byte[] body : bodies) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            uleb(b, body.length);
            b.writeBytes(body);
            code.add(b.toByteArray());
        }
        section(m, 10, code);
        return m.toByteArray();
    }

    private static byte[] export(String name, int kind, int index) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        name(b, name);
        b.write(kind);
        uleb(b, index);
        return b.toByteArray();
    }

    private static void section(ByteArrayOutputStream m, int id, List<byte[]> items) {
        if (items.isEmpty()) {
            return;
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        uleb(content, items.size());
        items.forEach(content::writeBytes);
        m.write(id);
        uleb(m, content.size());
        m.writeBytes(content.toByteArray());
    }

    private static void name(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        uleb(b, bytes.length);
        b.writeBytes(bytes);
    }

    static void uleb(ByteArrayOutputStream b, long v) {
        do {
            int x = (int) (v & 0x7f);
            v >>>= 7;
            b.write(v != 0 ? x | 0x80 : x);
        } while (v != 0);
    }

    // Instruction helpers (opcodes as ints, immediates as LEB128 where needed).
    static final int LOCAL_GET = 0x20;
    static final int LOCAL_SET = 0x21;
    static final int CALL = 0x10;
    static final int I32_CONST = 0x41;
    static final int I32_STORE = 0x36;
    static final int I32_STORE8 = 0x3a;
    static final int I32_ADD = 0x6a;
    static final int I32_SUB = 0x6b;
    static final int DROP = 0x1a;
    static final int LOOP = 0x03;
    static final int BLOCK_VOID = 0x40;
    static final int BR_IF = 0x0d;
    static final int END = 0x0b;
}
