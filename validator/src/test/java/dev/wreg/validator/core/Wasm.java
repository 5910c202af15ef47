package dev.wreg.validator.core;

import java.io.ByteArrayOutputStream;

/** Builds small binary modules for tests, section by section. */
final class Wasm {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wasm module() {
        Wasm w = new Wasm();
        w.raw(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00);
        return w;
    }

    Wasm raw(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    Wasm section(int id, byte[] content) {
        out.write(id);
        out.writeBytes(leb(content.length));
        out.writeBytes(content);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] leb(long value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        do {
            int x = (int) (value & 0x7F);
            value >>>= 7;
            b.write(value != 0 ? x | 0x80 : x);
        } while (value != 0);
        return b.toByteArray();
    }

    static byte[] concat(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            switch (p) {
                case byte[] bytes -> b.writeBytes(bytes);
                case Integer i -> b.write(i);
                default -> throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return b.toByteArray();
    }

    /** A module with one function of type [] -> [results] whose body (without locals) is given. */
    static byte[] function(int[] results, byte[] body) {
        byte[] type = concat(0x01, 0x60, 0x00, leb(results.length), ints(results));
        byte[] func = concat(leb(body.length + 1), 0x00, body);
        return module().section(1, type)
                .section(3, new byte[] {1, 0})
                .section(10, concat(0x01, func))
                .bytes();
    }

    static byte[] ints(int[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }
}
