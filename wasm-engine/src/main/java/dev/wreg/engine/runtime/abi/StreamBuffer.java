package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.Val;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The buffers a stream or future copies between (CanonicalABI.md, "Buffer State"): a range of a
 * guest's linear memory, or a list on the host's side. A readable buffer is read by the other
 * end's writer... that is: the writer offers a readable buffer and the reader a writable one.
 */
public abstract class StreamBuffer {
    public static final int MAX_LENGTH = (1 << 28) - 1;

    /** The value of an element of a stream or future without a payload type. */
    public static final Val UNIT = new Val.TupleVal(List.of());

    final ValueType t;
    int progress;
    final int length;

    StreamBuffer(ValueType t, int length) {
        this.t = t;
        this.length = length;
    }

    public int remain() {
        return length - progress;
    }

    public boolean isZeroLength() {
        return length == 0;
    }

    /** How many elements were copied so far. */
    public int progress() {
        return progress;
    }

    /** A buffer values are read out of (the writer's side). */
    public abstract static class Readable extends StreamBuffer {
        Readable(ValueType t, int length) {
            super(t, length);
        }

        public abstract List<Val> read(int n);
    }

    /** A buffer values are written into (the reader's side). */
    public abstract static class Writable extends StreamBuffer {
        Writable(ValueType t, int length) {
            super(t, length);
        }

        public abstract void write(List<Val> vs);
    }

    private static void checkGuestRange(ValueType t, CanonicalAbi.Cx cx, long ptr, long length) {
        if (length > MAX_LENGTH) {
            throw new ComponentTrap("stream or future buffer too long: " + length + " elements");
        }
        if (t != null && length > 0) {
            int align = ValueType.alignOf(t);
            if (ptr % align != 0) {
                throw new ComponentTrap("unaligned pointer: " + ptr + " is not aligned to " + align);
            }
            if (ptr + length * ValueType.sizeOf(t) > cx.memorySize()) {
                throw new ComponentTrap("buffer of " + length + " elements at " + ptr + " is out of bounds of memory");
            }
        }
    }

    /** A range of guest memory the other end reads from. */
    static final class GuestReadable extends Readable {
        private final CanonicalAbi.Cx cx;
        private long ptr;

        GuestReadable(ValueType t, CanonicalAbi.Cx cx, long ptr, long length) {
            super(t, (int) Math.min(length, Integer.MAX_VALUE));
            checkGuestRange(t, cx, ptr, length);
            this.cx = cx;
            this.ptr = ptr;
        }

        @Override
        public List<Val> read(int n) {
            List<Val> vs;
            if (t != null) {
                vs = CanonicalAbi.loadListFromValidRange(cx, ptr, n, t);
                ptr += (long) n * ValueType.sizeOf(t);
            } else {
                vs = Collections.nCopies(n, UNIT);
            }
            progress += n;
            return vs;
        }
    }

    /** A range of guest memory the other end writes into. */
    static final class GuestWritable extends Writable {
        private final CanonicalAbi.Cx cx;
        private long ptr;

        GuestWritable(ValueType t, CanonicalAbi.Cx cx, long ptr, long length) {
            super(t, (int) Math.min(length, Integer.MAX_VALUE));
            checkGuestRange(t, cx, ptr, length);
            this.cx = cx;
            this.ptr = ptr;
        }

        @Override
        public void write(List<Val> vs) {
            if (t != null) {
                CanonicalAbi.storeListIntoValidRange(cx, vs, ptr, t);
                ptr += (long) vs.size() * ValueType.sizeOf(t);
            }
            progress += vs.size();
        }
    }

    /** Values the host offers to a reader. */
    public static final class HostReadable extends Readable {
        private final List<Val> values;

        public HostReadable(ValueType t, List<Val> values) {
            super(t, values.size());
            this.values = values;
        }

        @Override
        public List<Val> read(int n) {
            List<Val> out = values instanceof PackedList p
                    ? p.slice(progress, progress + n)
                    : List.copyOf(values.subList(progress, progress + n));
            progress += n;
            return out;
        }
    }

    /** Room for up to {@code capacity} values the host takes from a writer. */
    public static final class HostWritable extends Writable {
        private final List<List<Val>> chunks = new ArrayList<>();

        public HostWritable(ValueType t, int capacity) {
            super(t, capacity);
        }

        @Override
        public void write(List<Val> vs) {
            chunks.add(vs);
            progress += vs.size();
        }

        /** What was written so far. */
        public List<Val> received() {
            List<Val> out = new ArrayList<>(progress);
            chunks.forEach(out::addAll);
            return out;
        }

        /** What was written so far, as bytes: for a {@code stream<u8>} (packed chunks are copied once). */
        public byte[] receivedBytes() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(progress);
            for (List<Val> c : chunks) {
                if (c instanceof PackedList p) {
                    out.writeBytes(p.toByteArray());
                } else {
                    for (Val v : c) {
                        out.write(((Val.U8) v).value());
                    }
                }
            }
            return out.toByteArray();
        }
    }
}
