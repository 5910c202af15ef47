package dev.wreg.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Command components that attack whoever runs them, assembled byte by byte (there is no WAT tool
 * in the build): each exports {@code wasi:cli/run@0.2.3} whose {@code run} lifts a core function
 * {@code run: () -> i32} with the given body and returns {@code result<_, _>} as {@code i32} 0
 * (ok). The engine's hostile-guest tests and the composer's, the CLI's and the server's limit
 * tests all run these same bytes.
 */
public final class HostileComponents {
    private HostileComponents() {}

    private static final byte[] NONE = {};

    /** One memory of one page, no maximum. */
    private static final byte[] ONE_MEMORY = {0x01, 0x00, 0x01};

    /** One funcref table with no element and no maximum. */
    private static final byte[] ONE_TABLE = {0x01, 0x70, 0x00, 0x01};

    /** {@code loop br 0 end}: never returns, at full speed. */
    private static final byte[] LOOP_FOREVER = {0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00};

    /** {@code i32.const 0}: returns ok. */
    private static final byte[] RETURN_OK = {0x41, 0x00};

    /** {@code loop br 0 end}: never returns, at full speed. */
    public static byte[] infiniteLoop() {
        return command(coreModule(LOOP_FOREVER, NONE, NONE), 1);
    }

    /** The core module of {@link #infiniteLoop()}, exporting {@code run}. */
    public static byte[] infiniteLoopCore() {
        return coreModule(LOOP_FOREVER, NONE, NONE);
    }

    /** Calls itself forever (function 0 is {@code run}). */
    public static byte[] unboundedRecursion() {
        return command(coreModule(new byte[] {0x10, 0x00}, NONE, NONE), 1);
    }

    /**
     * Grows its one memory by 16 pages (1 MiB) until {@code memory.grow} fails, then returns ok:
     * without a cap it would take all the 32-bit address space the runtime allows.
     */
    public static byte[] memoryBomb() {
        return command(memoryBombCore(), 1);
    }

    /** The core module of {@link #memoryBomb()}, exporting {@code run}. */
    public static byte[] memoryBombCore() {
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
                ONE_MEMORY,
                NONE);
    }

    /** A funcref table with no maximum that grows by 100000 elements forever. */
    public static byte[] tableBomb() {
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
                        NONE,
                        ONE_TABLE),
                1);
    }

    /** Returns ok at once. */
    public static byte[] harmless() {
        return manyInstances(1);
    }

    /** Returns ok, after instantiating its core module {@code copies} times. */
    public static byte[] manyInstances(int copies) {
        return command(coreModule(RETURN_OK, NONE, NONE), copies);
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
        leb(instances, copies);
        for (int i = 0; i < copies; i++) {
            instances.writeBytes(bytes(0x00, 0x00, 0x00)); // instantiate module 0, no args
        }
        section(c, 2, instances.toByteArray());
        section(c, 7, bytes(0x02, 0x6a, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00)); // type0 result, type1 func() -> type0
        ByteArrayOutputStream alias = new ByteArrayOutputStream();
        alias.writeBytes(bytes(0x01, 0x00, 0x00, 0x01)); // core func alias of the last instance's export
        leb(alias, copies - 1);
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

    /**
     * A core module exporting {@code run: () -> i32} with {@code body}; {@code memories} and
     * {@code tables} are the contents of its memory and table sections, left out when empty.
     */
    private static byte[] coreModule(byte[] body, byte[] memories, byte[] tables) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(m, 1, bytes(0x01, 0x60, 0x00, 0x01, 0x7f)); // type () -> i32
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
        leb(code, f.size());
        code.writeBytes(f.toByteArray());
        section(m, 10, code.toByteArray());
        return m.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        leb(out, content.length);
        out.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        leb(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void leb(ByteArrayOutputStream out, long value) {
        do {
            int low = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? low | 0x80 : low);
        } while (value != 0);
    }
}
