package dev.wreg.engine.wasi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small core-module assembler for hand-built test guests (the build has no WAT tool): function
 * types over i32/i64, function and memory imports, an own memory, functions written with the
 * instruction helpers of {@link Code}, exports and one data segment. Comments in the tests give
 * each function in WAT.
 */
final class CoreAsm {
    static final int I32 = 0x7f;
    static final int I64 = 0x7e;

    private final List<byte[]> types = new ArrayList<>();
    private final List<byte[]> imports = new ArrayList<>();
    private final List<byte[]> funcs = new ArrayList<>();
    private final List<Integer> funcTypes = new ArrayList<>();
    private final List<byte[]> exports = new ArrayList<>();
    private final List<byte[]> data = new ArrayList<>();
    private int importedFuncs;
    private int memoryPages = -1;

    /** A function type; {@code params} and {@code results} are I32/I64 codes. */
    int type(int[] params, int[] results) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x60);
        uleb(b, params.length);
        for (int p : params) {
            b.write(p);
        }
        uleb(b, results.length);
        for (int r : results) {
            b.write(r);
        }
        types.add(b.toByteArray());
        return types.size() - 1;
    }

    static int[] of(int... t) {
        return t;
    }

    int importFunc(String module, String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        name(b, module);
        name(b, name);
        b.write(0x00);
        uleb(b, type);
        imports.add(b.toByteArray());
        return importedFuncs++;
    }

    void importMemory(String module, String name, int minPages) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        name(b, module);
        name(b, name);
        b.write(0x02);
        b.write(0x00);
        uleb(b, minPages);
        imports.add(b.toByteArray());
    }

    /** Defines an exported memory of {@code pages} pages. */
    void memory(String exportName, int pages) {
        memoryPages = pages;
        export(exportName, 0x02, 0);
    }

    /** The index the next defined function gets. */
    int nextFunc() {
        return importedFuncs + funcs.size();
    }

    /** Defines a function with {@code i32Locals} i32 and {@code i64Locals} i64 locals (after the params). */
    int func(int type, int i32Locals, int i64Locals, Code code) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int groups = (i32Locals > 0 ? 1 : 0) + (i64Locals > 0 ? 1 : 0);
        uleb(body, groups);
        if (i32Locals > 0) {
            uleb(body, i32Locals);
            body.write(I32);
        }
        if (i64Locals > 0) {
            uleb(body, i64Locals);
            body.write(I64);
        }
        body.writeBytes(code.bytes());
        body.write(0x0b);
        funcTypes.add(type);
        funcs.add(body.toByteArray());
        return nextFunc() - 1;
    }

    void exportFunc(String name, int index) {
        export(name, 0x00, index);
    }

    private void export(String name, int kind, int index) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        name(b, name);
        b.write(kind);
        uleb(b, index);
        exports.add(b.toByteArray());
    }

    /** An active data segment for memory 0 at {@code offset}. */
    void data(int offset, byte[] bytes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x00);
        b.write(0x41);
        sleb(b, offset);
        b.write(0x0b);
        uleb(b, bytes.length);
        b.writeBytes(bytes);
        data.add(b.toByteArray());
    }

    void data(int offset, String text) {
        data(offset, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] build() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(m, 1, types);
        section(m, 2, imports);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        uleb(f, funcTypes.size());
        funcTypes.forEach(t -> uleb(f, t));
        raw(m, 3, f.toByteArray());
        if (memoryPages >= 0) {
            ByteArrayOutputStream mem = new ByteArrayOutputStream();
            mem.write(1);
            mem.write(0x00);
            uleb(mem, memoryPages);
            raw(m, 5, mem.toByteArray());
        }
        section(m, 7, exports);
        List<byte[]> bodies = new ArrayList<>();
        for (byte[] b : funcs) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            uleb(one, b.length);
            one.writeBytes(b);
            bodies.add(one.toByteArray());
        }
        section(m, 10, bodies);
        if (!data.isEmpty()) {
            section(m, 11, data);
        }
        return m.toByteArray();
    }

    private static void section(ByteArrayOutputStream m, int id, List<byte[]> items) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        uleb(c, items.size());
        items.forEach(c::writeBytes);
        raw(m, id, c.toByteArray());
    }

    private static void raw(ByteArrayOutputStream m, int id, byte[] content) {
        m.write(id);
        uleb(m, content.length);
        m.writeBytes(content);
    }

    static void name(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        uleb(out, b.length);
        out.writeBytes(b);
    }

    static void uleb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    static void sleb(ByteArrayOutputStream out, long v) {
        boolean more = true;
        while (more) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
                more = false;
            } else {
                b |= 0x80;
            }
            out.write(b);
        }
    }

    /** Instructions, appended in order (a fluent stand-in for WAT's folded forms). */
    static final class Code {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        byte[] bytes() {
            return b.toByteArray();
        }

        private Code op(int... ops) {
            for (int o : ops) {
                b.write(o);
            }
            return this;
        }

        Code i32(int v) {
            b.write(0x41);
            sleb(b, v);
            return this;
        }

        Code i64(long v) {
            b.write(0x42);
            sleb(b, v);
            return this;
        }

        Code get(int local) {
            b.write(0x20);
            uleb(b, local);
            return this;
        }

        Code set(int local) {
            b.write(0x21);
            uleb(b, local);
            return this;
        }

        Code tee(int local) {
            b.write(0x22);
            uleb(b, local);
            return this;
        }

        Code call(int f) {
            b.write(0x10);
            uleb(b, f);
            return this;
        }

        Code load(int offset) {
            return op(0x28, 2).u(offset);
        }

        Code store(int offset) {
            return op(0x36, 2).u(offset);
        }

        /** {@code i32.load8_u}. */
        Code load8(int offset) {
            return op(0x2d, 0).u(offset);
        }

        /** {@code i32.store8}. */
        Code store8(int offset) {
            return op(0x3a, 0).u(offset);
        }

        private Code u(int v) {
            uleb(b, v);
            return this;
        }

        Code drop() {
            return op(0x1a);
        }

        Code add() {
            return op(0x6a);
        }

        Code sub() {
            return op(0x6b);
        }

        Code and() {
            return op(0x71);
        }

        Code or() {
            return op(0x72);
        }

        Code shl() {
            return op(0x74);
        }

        Code shrU() {
            return op(0x76);
        }

        Code eq() {
            return op(0x46);
        }

        Code ne() {
            return op(0x47);
        }

        Code eqz() {
            return op(0x45);
        }

        Code gtU() {
            return op(0x4b);
        }

        Code wrap() {
            return op(0xa7);
        }

        Code shrU64() {
            return op(0x88);
        }

        Code block() {
            return op(0x02, 0x40);
        }

        Code loop() {
            return op(0x03, 0x40);
        }

        Code ifThen() {
            return op(0x04, 0x40);
        }

        Code end() {
            return op(0x0b);
        }

        Code br(int depth) {
            b.write(0x0c);
            uleb(b, depth);
            return this;
        }

        Code brIf(int depth) {
            b.write(0x0d);
            uleb(b, depth);
            return this;
        }

        Code ret() {
            return op(0x0f);
        }

        Code unreachable() {
            return op(0x00);
        }
    }
}
