package dev.wreg.engine.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds small binaries by hand for decoder tests. */
final class Bin {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Bin component() {
        return new Bin().raw(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);
    }

    Bin raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    Bin raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    Bin u32(long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return this;
    }

    Bin name(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        return raw(utf8);
    }

    Bin section(int id, Bin content) {
        byte[] c = content.bytes();
        out.write(id);
        u32(c.length);
        return raw(c);
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
