package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The state both ends of a {@code stream<T>} share (CanonicalABI.md, "Stream State", {@code
 * SharedStreamImpl}): at most one pending read or write, which the other side's copy completes.
 * The host reads or writes through the same methods with a {@link StreamBuffer.HostWritable} or
 * {@link StreamBuffer.HostReadable} and a null instance; every call must run on the store's
 * driving thread ({@link Store#post}).
 */
public final class SharedStream {
    /** The copy results of the spec. */
    public static final int COMPLETED = 0;

    public static final int DROPPED = 1;
    public static final int CANCELLED = 2;

    final ValueType t;
    boolean dropped;
    private ComponentState pendingInst;
    private StreamBuffer pendingBuffer;
    private Consumer<Runnable> pendingOnCopy;
    private IntConsumer pendingOnCopyDone;

    public SharedStream(ValueType t) {
        this.t = t;
    }

    /** The element type, or null for a {@code stream} without one. */
    public ValueType elementType() {
        return t;
    }

    public boolean dropped() {
        return dropped;
    }

    private void resetPending() {
        setPending(null, null, null, null);
    }

    private void setPending(ComponentState inst, StreamBuffer b, Consumer<Runnable> onCopy, IntConsumer onCopyDone) {
        pendingInst = inst;
        pendingBuffer = b;
        pendingOnCopy = onCopy;
        pendingOnCopyDone = onCopyDone;
    }

    private void resetAndNotifyPending(int result) {
        IntConsumer done = pendingOnCopyDone;
        resetPending();
        done.accept(result);
    }

    public void cancel() {
        resetAndNotifyPending(CANCELLED);
    }

    public void drop() {
        if (!dropped) {
            dropped = true;
            if (pendingBuffer != null) {
                resetAndNotifyPending(DROPPED);
            }
        }
    }

    private void checkSameInstance(ComponentState inst) {
        // The spec's temporary restriction: within one instance only numbers (or nothing) are copied.
        if (inst != null && inst == pendingInst && !noneOrNumber(t)) {
            throw new ComponentTrap(
                    "cannot read from and write to intra-component future or stream with non-numeric" + " payload");
        }
    }

    static boolean noneOrNumber(ValueType t) {
        return t == null
                || (t instanceof ValueType.Prim p
                        && p != ValueType.Prim.BOOL
                        && p != ValueType.Prim.CHAR
                        && p != ValueType.Prim.STRING);
    }

    /** {@code read}: {@code onCopy} gets a callback that ends the pending read when it is kept. */
    public void read(
            ComponentState inst, StreamBuffer.Writable dst, Consumer<Runnable> onCopy, IntConsumer onCopyDone) {
        copy(inst, dst, false, onCopy, onCopyDone);
    }

    public void write(
            ComponentState inst, StreamBuffer.Readable src, Consumer<Runnable> onCopy, IntConsumer onCopyDone) {
        copy(inst, src, true, onCopy, onCopyDone);
    }

    /**
     * The spec's {@code read} and {@code write}, which differ only in which side is the source: a
     * copy waits as the pending one, or completes the other side's pending copy with as many
     * elements as both have room for. When the pending copy has no room or nothing left, the new one takes
     * its place, except that a zero-length write meeting a zero-length read completes at once, as
     * the spec's {@code write} says.
     */
    private void copy(
            ComponentState inst,
            StreamBuffer mine,
            boolean writing,
            Consumer<Runnable> onCopy,
            IntConsumer onCopyDone) {
        if (dropped) {
            onCopyDone.accept(DROPPED);
        } else if (pendingBuffer == null) {
            setPending(inst, mine, onCopy, onCopyDone);
        } else {
            checkSameInstance(inst);
            StreamBuffer.Readable src = (StreamBuffer.Readable) (writing ? mine : pendingBuffer);
            StreamBuffer.Writable dst = (StreamBuffer.Writable) (writing ? pendingBuffer : mine);
            if (pendingBuffer.remain() > 0) {
                if (mine.remain() > 0) {
                    int n = Math.min(dst.remain(), src.remain());
                    dst.write(src.read(n));
                    pendingOnCopy.accept(this::resetPending);
                }
                onCopyDone.accept(COMPLETED);
            } else if (writing && src.isZeroLength() && dst.isZeroLength()) {
                onCopyDone.accept(COMPLETED);
            } else {
                resetAndNotifyPending(COMPLETED);
                setPending(inst, mine, onCopy, onCopyDone);
            }
        }
    }
}
