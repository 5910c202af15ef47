package dev.wreg.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Command components that attack whoever runs them, assembled byte by byte (there is no WAT tool
 * in the build): each exports {@code wasi:cli/run@0.2.3} whose {@code run} lifts a core function
 * with the given body and returns {@code result<_, _>} as {@code i32} 0 (ok).
 */
public final class HostileComponents {
    private HostileComponents() {}

    /** {@code loop br 0 end}: never returns, at full speed. */
    public static byte[] infiniteLoop() {
        return command(new byte[] {0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00}, false);
    }

    /** Grows its one memory by 16 pages (1 MiB) until {@code memory.grow} fails, then returns. */
    public static byte[] memoryBomb() {
        return command(
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
                true);
    }

    /** Returns ok at once. */
    public static byte[] harmless() {
        return command(new byte[] {0x41, 0x00}, false);
    }

    private static byte[] command(byte[] body, boolean memory) {
        byte[] module = coreModule(body, memory);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
        section(c, 1, module);
        section(c, 2, bytes(0x01, 0x00, 0x00, 0x00)); // instantiate module 0, no args
        section(c, 7, bytes(0x02, 0x6a, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00)); // result; func() -> result
        ByteArrayOutputStream alias = new ByteArrayOutputStream();
        alias.writeBytes(bytes(0x01, 0x00, 0x00, 0x01, 0x00)); // core func alias: instance 0's export
        name(alias, "run");
        section(c, 6, alias.toByteArray());
        section(c, 8, bytes(0x01, 0x00, 0x00, 0x00, 0x00, 0x01)); // canon lift core func 0, type 1
        ByteArrayOutputStream inst = new ByteArrayOutputStream();
        inst.writeBytes(bytes(0x01, 0x01, 0x01, 0x00)); // one instance of inline exports: 1 export
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

    private static byte[] coreModule(byte[] body, boolean memory) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(m, 1, bytes(0x01, 0x60, 0x00, 0x01, 0x7f)); // type () -> i32
        section(m, 3, bytes(0x01, 0x00));
        if (memory) {
            section(m, 5, bytes(0x01, 0x00, 0x01)); // one memory, 1 page, no maximum
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
