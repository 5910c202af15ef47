package dev.wreg.engine.wasi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-assembled command components for hostile-guest tests (no WAT tool in the build): a core
 * module exporting {@code run: () -> i32} with the given body, lifted as {@code wasi:cli/run#run}
 * returning {@code result}.
 */
final class HostileCommands {
    private HostileCommands() {}

    /** {@code loop br 0 end}: never returns. */
    static byte[] infiniteLoop() {
        return command(new byte[] {0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00}, false);
    }

    /** The core module of {@link #infiniteLoop()}, exporting {@code run}. */
    static byte[] infiniteLoopCore() {
        return coreModule(new byte[] {0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00}, new byte[0], new byte[0]);
    }

    /** Calls itself forever (function 0 is run). */
    static byte[] unboundedRecursion() {
        return command(new byte[] {0x10, 0x00}, false);
    }

    /** {@code i32.const 0}: returns ok. */
    static byte[] ok() {
        return command(new byte[] {0x41, 0x00}, false);
    }

    /**
     * Grows its memory by 16 pages (1 MiB) until {@code memory.grow} fails, then returns ok: without
     * a cap it would take all the 32-bit address space the runtime allows.
     */
    static byte[] memoryGrowBomb() {
        return command(memoryGrowBombCore(), 1);
    }

    /** The core module of {@link #memoryGrowBomb()}, exporting {@code run}. */
    static byte[] memoryGrowBombCore() {
        return coreModule(
                new byte[] {
                    0x03,
                    0x40, // loop
                    0x41,
                    0x10,
                    0x40,
                    0x00, // i32.const 16, memory.grow 0
                    0x41,
                    0x7f,
                    0x47,
                    0x0d,
                    0x00, // i32.const -1, i32.ne, br_if 0
                    0x0b,
                    0x41,
                    0x00 // end, i32.const 0
                },
                MEMORY,
                new byte[0]);
    }

    /** A funcref table with no maximum that grows by 100000 elements forever. */
    static byte[] tableGrowBomb() {
        return command(
                coreModule(
                        new byte[] {
                            0x03,
                            0x40, // loop
                            (byte) 0xd0,
                            0x70,
                            0x41,
                            (byte) 0xa0,
                            (byte) 0x8d,
                            0x06, // ref.null func, i32.const 100000
                            (byte) 0xfc,
                            0x0f,
                            0x00,
                            0x1a,
                            0x0c,
                            0x00, // table.grow 0, drop, br 0
                            0x0b,
                            0x41,
                            0x00 // end, i32.const 0
                        },
                        new byte[0],
                        new byte[] {0x01, 0x70, 0x00, 0x01}),
                1);
    }

    /** Returns ok, after instantiating its core module {@code copies} times. */
    static byte[] manyInstances(int copies) {
        return command(coreModule(new byte[] {0x41, 0x00}, new byte[0], new byte[0]), copies);
    }

    /** One memory of one page, no maximum. */
    private static final byte[] MEMORY = {0x01, 0x00, 0x01};

    private static byte[] command(byte[] body, boolean memory) {
        return command(coreModule(body, memory ? MEMORY : new byte[0], new byte[0]), 1);
    }

    /**
     * A command whose {@code run} is the export of the last of {@code copies} instances of {@code
     * module}.
     */
    private static byte[] command(byte[] module, int copies) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
        section(c, 1, module);
        ByteArrayOutputStream instances = new ByteArrayOutputStream();
        uleb(instances, copies);
        for (int i = 0; i < copies; i++) {
            instances.writeBytes(bytes(0x00, 0x00, 0x00)); // instantiate module 0, no args
        }
        section(c, 2, instances.toByteArray());
        section(c, 7, bytes(0x02, 0x6a, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00)); // type0 result, type1 func() -> type0
        ByteArrayOutputStream alias = new ByteArrayOutputStream();
        alias.writeBytes(bytes(0x01, 0x00, 0x00, 0x01)); // core func alias of the last instance's export
        uleb(alias, copies - 1);
        name(alias, "run");
        section(c, 6, alias.toByteArray());
        section(c, 8, bytes(0x01, 0x00, 0x00, 0x00, 0x00, 0x01)); // canon lift core func 0, no opts, type 1
        ByteArrayOutputStream inst = new ByteArrayOutputStream();
        inst.writeBytes(bytes(0x01, 0x01, 0x01, 0x00)); // one instance from inline exports, 1 export
        name(inst, "run");
        inst.writeBytes(bytes(0x01, 0x00)); // func 0
        section(c, 5, inst.toByteArray());
        ByteArrayOutputStream exp = new ByteArrayOutputStream();
        exp.writeBytes(bytes(0x01, 0x00));
        name(exp, "wasi:cli/run@0.2.3");
        exp.writeBytes(bytes(0x05, 0x00, 0x00)); // instance 0, no ascribed type
        section(c, 11, exp.toByteArray());
        return c.toByteArray();
    }

    private static byte[] coreModule(byte[] body, byte[] memories, byte[] tables) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(m, 1, bytes(0x01, 0x60, 0x00, 0x01, 0x7f));
        section(m, 3, bytes(0x01, 0x00));
        if (tables.length > 0) {
            section(m, 4, tables);
        }
        if (memories.length > 0) {
            section(m, 5, memories);
        }
        ByteArrayOutputStream exp = new ByteArrayOutputStream();
        exp.write(0x01);
        name(exp, "run");
        exp.writeBytes(bytes(0x00, 0x00));
        section(m, 7, exp.toByteArray());
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x00); // no locals
        f.writeBytes(body);
        f.write(0x0b);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(0x01);
        uleb(code, f.size());
        code.writeBytes(f.toByteArray());
        section(m, 10, code.toByteArray());
        return m.toByteArray();
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        uleb(out, content.length);
        out.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        uleb(out, b.length);
        out.writeBytes(b);
    }

    private static void uleb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
