package dev.wreg.validator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The LEB128 readers' short-encoding fast paths agree with the general decoding for every length
 * they cover, padded encodings included, and leave the cursor after the integer.
 */
class ModuleCursorTest {

    /** Signed LEB128 of {@code v} in at least {@code minBytes} bytes (padding with sign bytes). */
    private static byte[] signed(long v, int minBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 0;
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            n++;
            boolean done = ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) && n >= minBytes;
            out.write(done ? b : b | 0x80);
            if (done) {
                return out.toByteArray();
            }
        }
    }

    private static byte[] unsigned(long v, int minBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 0;
        while (true) {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            n++;
            boolean done = v == 0 && n >= minBytes;
            out.write(done ? b : b | 0x80);
            if (done) {
                return out.toByteArray();
            }
        }
    }

    /** The bytes followed by a marker, so that the fast paths (which need bytes ahead) are taken. */
    private static ModuleCursor cursor(byte[] leb) {
        byte[] bytes = new byte[leb.length + 8];
        System.arraycopy(leb, 0, bytes, 0, leb.length);
        bytes[leb.length] = 0x55;
        return new ModuleCursor(bytes);
    }

    @Test
    void shortAndPaddedEncodingsDecodeAlike() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int bits = 1 + random.nextInt(32);
            int v = (int) (random.nextLong() >> (64 - bits));
            for (int min = 1; min <= 5; min++) {
                ModuleCursor c = cursor(signed(v, min));
                assertThat(c.s32()).isEqualTo(v);
                assertThat(c.u8()).isEqualTo(0x55);
            }
            long w = random.nextLong() >> random.nextInt(64);
            ModuleCursor c64 = cursor(signed(w, 1 + random.nextInt(3)));
            assertThat(c64.s64()).isEqualTo(w);
            assertThat(c64.u8()).isEqualTo(0x55);
            long u64 = random.nextLong() >>> random.nextInt(64);
            ModuleCursor cu64 = cursor(unsigned(u64, 1 + random.nextInt(5)));
            assertThat(cu64.u64()).isEqualTo(u64);
            assertThat(cu64.u8()).isEqualTo(0x55);
            int u = random.nextInt() >>> random.nextInt(32);
            ModuleCursor cu = cursor(unsigned(Integer.toUnsignedLong(u), 1 + random.nextInt(5)));
            assertThat(cu.u32()).isEqualTo(u);
            assertThat(cu.u8()).isEqualTo(0x55);
        }
    }

    @Test
    void theLastByteIsStillChecked() {
        // s32 0x7FFFFFFF + 1 in five bytes: the fifth byte's unused bits must repeat the sign.
        ModuleCursor c = cursor(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08});
        assertThat(org.assertj.core.api.Assertions.catchThrowable(c::s32))
                .isInstanceOf(ModuleError.class)
                .hasMessage("integer too large");
    }
}
