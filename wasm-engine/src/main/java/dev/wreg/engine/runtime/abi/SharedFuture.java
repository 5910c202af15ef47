package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.util.function.IntConsumer;

/**
 * The state both ends of a {@code future<T>} share (CanonicalABI.md, "Future State", {@code
 * SharedFutureImpl}): one value, copied once from the writer to the reader. Host use as for
 * {@link SharedStream}.
 */
public final class SharedFuture {
    final ValueType t;
    boolean dropped;
    private ComponentState pendingInst;
    private StreamBuffer pendingBuffer;
    private IntConsumer pendingOnCopyDone;

    public SharedFuture(ValueType t) {
        this.t = t;
    }

    /** The value type, or null for a {@code future} without one. */
    public ValueType valueType() {
        return t;
    }

    public boolean dropped() {
        return dropped;
    }

    private void setPending(ComponentState inst, StreamBuffer b, IntConsumer onCopyDone) {
        pendingInst = inst;
        pendingBuffer = b;
        pendingOnCopyDone = onCopyDone;
    }

    private void resetAndNotifyPending(int result) {
        IntConsumer done = pendingOnCopyDone;
        setPending(null, null, null);
        done.accept(result);
    }

    public void cancel() {
        resetAndNotifyPending(SharedStream.CANCELLED);
    }

    public void drop() {
        if (!dropped) {
            dropped = true;
            if (pendingBuffer != null) {
                resetAndNotifyPending(SharedStream.DROPPED);
            }
        }
    }

    private void checkSameInstance(ComponentState inst) {
        if (inst != null && inst == pendingInst && !SharedStream.noneOrNumber(t)) {
            throw new ComponentTrap(
                    "cannot read from and write to intra-component future or stream with non-numeric" + " payload");
        }
    }

    public void read(ComponentState inst, StreamBuffer.Writable dst, IntConsumer onCopyDone) {
        if (pendingBuffer == null) {
            setPending(inst, dst, onCopyDone);
        } else {
            checkSameInstance(inst);
            dst.write(((StreamBuffer.Readable) pendingBuffer).read(1));
            resetAndNotifyPending(SharedStream.COMPLETED);
            onCopyDone.accept(SharedStream.COMPLETED);
        }
    }

    public void write(ComponentState inst, StreamBuffer.Readable src, IntConsumer onCopyDone) {
        if (dropped) {
            onCopyDone.accept(SharedStream.DROPPED);
        } else if (pendingBuffer == null) {
            setPending(inst, src, onCopyDone);
        } else {
            checkSameInstance(inst);
            ((StreamBuffer.Writable) pendingBuffer).write(src.read(1));
            resetAndNotifyPending(SharedStream.COMPLETED);
            onCopyDone.accept(SharedStream.COMPLETED);
        }
    }
}
