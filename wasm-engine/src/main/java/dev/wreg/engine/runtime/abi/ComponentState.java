package dev.wreg.engine.runtime.abi;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime state of one component instance that the canonical ABI needs: its handle table, the
 * may-leave flag, whether it is executing (reentrance guard) and the poison flag shared by the
 * whole top-level instance.
 */
public final class ComponentState {
    private final HandleTable handles;
    private final AtomicReference<String> poison;
    boolean mayLeave = true;
    boolean busy;

    public ComponentState(HandleTable handles, AtomicReference<String> poison) {
        this.handles = handles;
        this.poison = poison;
    }

    public HandleTable handles() {
        return handles;
    }

    /** Why the instance tree is poisoned, or null. */
    public String poisoned() {
        return poison.get();
    }

    public void poison(String reason) {
        poison.compareAndSet(null, reason);
    }

    public boolean mayLeave() {
        return mayLeave;
    }

    public void setMayLeave(boolean v) {
        mayLeave = v;
    }

    private int backpressure;

    /** {@code backpressure.inc}/{@code .dec}; traps on overflow or underflow, as the spec does. */
    public void backpressure(int delta) {
        int next = backpressure + delta;
        if (next < 0 || next > 0xffff) {
            throw new dev.wreg.engine.runtime.ComponentTrap("backpressure counter out of range");
        }
        backpressure = next;
    }

    public boolean busy() {
        return busy;
    }

    public void setBusy(boolean v) {
        busy = v;
    }
}
