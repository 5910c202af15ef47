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

    /**
     * One call into the instance (the spec's task): whether it was lifted {@code async}, the result
     * its {@code task.return} delivered, and its two {@code context.get/set} slots.
     */
    public static final class Task {
        private final boolean async;
        private final java.util.List<ValueType> resultTypes;
        private java.util.List<dev.wreg.engine.runtime.Val> result;
        private final long[] context = new long[2];

        public Task(boolean async, java.util.List<ValueType> resultTypes) {
            this.async = async;
            this.resultTypes = java.util.List.copyOf(resultTypes);
        }

        public boolean async() {
            return async;
        }

        public java.util.List<ValueType> resultTypes() {
            return resultTypes;
        }

        /** The values {@code task.return} delivered, or null while it has not been called. */
        public java.util.List<dev.wreg.engine.runtime.Val> result() {
            return result;
        }

        public void setResult(java.util.List<dev.wreg.engine.runtime.Val> values) {
            result = java.util.List.copyOf(values);
        }

        public long[] context() {
            return context;
        }
    }

    /** Core code running outside any call (start functions) still has context slots. */
    private final Task instantiationTask = new Task(false, java.util.List.of());

    private Task task;

    /** The task currently running in this instance (the instantiation's when none is). */
    public Task task() {
        return task != null ? task : instantiationTask;
    }

    /** Makes {@code t} current; returns the task to restore when it ends. */
    public Task enter(Task t) {
        Task previous = task;
        task = t;
        return previous;
    }

    public void leave(Task previous) {
        task = previous;
    }

    public boolean busy() {
        return busy;
    }

    public void setBusy(boolean v) {
        busy = v;
    }
}
