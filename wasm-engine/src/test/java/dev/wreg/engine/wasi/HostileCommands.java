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

    /** Calls itself forever (function 0 is run). */
    static byte[] unboundedRecursion() {
        return command(new byte[] {0x10, 0x00}, false);
    }

    /** {@code i32.const 0}: returns ok. */
    static byte[] ok() {
        return command(new byte[] {0x41, 0x00}, false);
    }

    private static byte[] command(byte[] body, boolean memory) {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
        section(c, 1, coreModule(body));
        section(c, 2, bytes(0x01, 0x00, 0x00, 0x00)); // core instance 0 = instantiate module 0, no args
        section(c, 7, bytes(0x02, 0x6a, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00)); // type0 result, type1 func() -> type0
        ByteArrayOutputStream alias = new ByteArrayOutputStream();
        alias.writeBytes(bytes(0x01, 0x00, 0x00, 0x01, 0x00)); // core func alias of instance 0 export
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

    private static byte[] coreModule(byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(m, 1, bytes(0x01, 0x60, 0x00, 0x01, 0x7f));
        section(m, 3, bytes(0x01, 0x00));
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
