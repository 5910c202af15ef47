package dev.wreg.engine.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.util.BitSet;
import java.util.Set;

/**
 * A core module's bytes with the bodies of its compiled functions replaced by {@code unreachable}:
 * what a module loaded from the compiled-module cache is parsed from. A compiled function runs from
 * its JVM class and never looks at its body, but Endive parses every body into instruction objects
 * before anything can run — for a 12 MB JavaScript engine that parse costs far more than the run.
 * Bodies the compiler left to the interpreter (too large for one JVM method) are kept as they are.
 *
 * <p>A body that may hold {@code table.grow} is kept too: {@link LimitBudget} looks for it to
 * decide whether a module's tables can grow past the run's limit.
 *
 * <p>Everything else — types, imports, exports, globals, tables, memories, element and data
 * segments, custom sections — is copied byte for byte, so the module instantiates exactly as the
 * original; a stub ({@code 0 locals; unreachable; end}) validates under any function type.
 */
final class StubbedBodies {
    private StubbedBodies() {}

    private static final int CODE_SECTION = 10;
    private static final int IMPORT_SECTION = 2;
    private static final byte[] STUB = {0x03, 0x00, 0x00, 0x0b};

    /**
     * The module with every function body stubbed except those whose function index (imports
     * counted, as the compiler numbers them) is in {@code interpreted}. Throws {@link
     * IllegalArgumentException} when the bytes are not a module this can walk.
     */
    static byte[] strip(byte[] module, Set<Integer> interpreted) {
        return walk(module, interpreted, false).bytes();
    }

    /**
     * A module's bytes as rewritten, and where each function body (its size prefix included) lies
     * in the original bytes: what {@link BodiesOnDemand} parses a body from when it first runs.
     * {@code stubbed} has a bit per code-section entry (imports not counted) whose body was
     * replaced.
     */
    record Stripped(byte[] bytes, int[] bodyStart, int[] bodyEnd, BitSet stubbed) {}

    /**
     * The module without its code section, with the layout of its bodies; {@code stubbed} has the
     * bits of the bodies that hold no {@code table.grow} (those that may are marked clear).
     */
    static Stripped withoutCode(byte[] module) {
        return walk(module, Set.of(), true);
    }

    private static Stripped walk(byte[] module, Set<Integer> interpreted, boolean dropCode) {
        Reader r = new Reader(module, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(module.length / 2);
        out.write(module, 0, 8);
        int functionImports = 0;
        int[] starts = new int[0];
        int[] ends = new int[0];
        BitSet stubbed = new BitSet();
        while (r.pos < module.length) {
            int start = r.pos;
            int id = r.u8();
            int size = r.u32();
            int body = r.pos;
            r.need(size);
            if (id == IMPORT_SECTION) {
                functionImports = functionImports(module, body, size);
            }
            if (id != CODE_SECTION) {
                out.write(module, start, body + size - start);
                r.pos = body + size;
                continue;
            }
            Reader c = new Reader(module, body);
            int count = c.u32();
            // Each body takes at least two bytes (its size and its end), which bounds the count.
            if (count < 0 || count > size / 2) {
                throw new IllegalArgumentException("code section count out of bounds");
            }
            starts = new int[count];
            ends = new int[count];
            ByteArrayOutputStream code = new ByteArrayOutputStream();
            writeU32(code, count);
            for (int i = 0; i < count; i++) {
                int fstart = c.pos;
                int fsize = c.u32();
                c.need(fsize);
                int fend = c.pos + fsize;
                starts[i] = fstart;
                ends[i] = fend;
                if (interpreted.contains(functionImports + i) || mayGrowTables(module, c.pos, fend)) {
                    code.write(module, fstart, fend - fstart);
                } else {
                    code.write(STUB, 0, STUB.length);
                    stubbed.set(i);
                }
                c.pos = fend;
            }
            if (c.pos != body + size) {
                throw new IllegalArgumentException("code section size mismatch");
            }
            if (!dropCode) {
                out.write(CODE_SECTION);
                writeU32(out, code.size());
                out.writeBytes(code.toByteArray());
            }
            r.pos = body + size;
        }
        return new Stripped(out.toByteArray(), starts, ends, stubbed);
    }

    /**
     * Whether {@code m[from, to)} may hold {@code table.grow} ({@code 0xFC} then 15 as a LEB128,
     * minimal or not). Immediates that happen to look like it only keep a body that could have
     * been stubbed; no real one is missed.
     */
    static boolean mayGrowTables(byte[] m, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (m[i] != (byte) 0xfc) {
                continue;
            }
            long v = 0;
            for (int k = 0, shift = 0; k < 5 && i + 1 + k < to; k++, shift += 7) {
                int b = m[i + 1 + k] & 0xff;
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    if (v == 15) {
                        return true;
                    }
                    break;
                }
            }
        }
        return false;
    }

    /** The number of function imports in an import section. */
    private static int functionImports(byte[] m, int at, int size) {
        Reader r = new Reader(m, at);
        int count = r.u32();
        int functions = 0;
        for (int i = 0; i < count; i++) {
            r.skipName();
            r.skipName();
            int kind = r.u8();
            switch (kind) {
                case 0x00 -> {
                    functions++;
                    r.u32();
                }
                case 0x01 -> { // table: reftype, limits
                    r.refType();
                    r.limits();
                }
                case 0x02 -> r.limits();
                case 0x03 -> { // global: valtype, mut
                    r.valType();
                    r.u8();
                }
                case 0x04 -> { // tag: attribute, type index
                    r.u8();
                    r.u32();
                }
                default -> throw new IllegalArgumentException("unknown import kind " + kind);
            }
        }
        if (r.pos != at + size) {
            throw new IllegalArgumentException("import section size mismatch");
        }
        return functions;
    }

    private static void writeU32(ByteArrayOutputStream out, int v) {
        long u = Integer.toUnsignedLong(v);
        do {
            int b = (int) (u & 0x7f);
            u >>>= 7;
            out.write(u != 0 ? b | 0x80 : b);
        } while (u != 0);
    }

    private static final class Reader {
        final byte[] m;
        int pos;

        Reader(byte[] m, int pos) {
            this.m = m;
            this.pos = pos;
        }

        void need(int n) {
            if (n < 0 || n > m.length - pos) {
                throw new IllegalArgumentException("truncated module");
            }
        }

        int u8() {
            need(1);
            return m[pos++] & 0xff;
        }

        int u32() {
            long v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (int) v;
                }
            }
            throw new IllegalArgumentException("bad LEB128");
        }

        void s33() {
            for (int i = 0; i < 5; i++) {
                if ((u8() & 0x80) == 0) {
                    return;
                }
            }
            throw new IllegalArgumentException("bad LEB128");
        }

        void skipName() {
            int n = u32();
            need(n);
            pos += n;
        }

        /** A value type: one byte, or a (nullable) reference prefix with a heap type. */
        void valType() {
            int b = u8();
            if (b == 0x63 || b == 0x64) {
                s33();
            }
        }

        void refType() {
            valType();
        }

        /** Limits: flags (bit 0: max present; memory64 and shared bits keep the same layout). */
        void limits() {
            int flags = u8();
            u64();
            if ((flags & 0x01) != 0) {
                u64();
            }
            if ((flags & 0x08) != 0) { // custom page size
                u32();
            }
        }

        void u64() {
            for (int i = 0; i < 10; i++) {
                if ((u8() & 0x80) == 0) {
                    return;
                }
            }
            throw new IllegalArgumentException("bad LEB128");
        }
    }
}
