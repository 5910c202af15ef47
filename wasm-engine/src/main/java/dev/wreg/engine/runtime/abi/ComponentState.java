package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime state of one component instance that the canonical ABI needs (CanonicalABI.md,
 * "Component Instances"): its handle table (resources, waitables, waitable sets, error contexts),
 * its thread table, the may-enter and may-leave flags, backpressure, the exclusive lock of
 * non-stackful async tasks, its parent (for the entering set) and its store. The poison flag is
 * shared by the whole top-level instance.
 */
public final class ComponentState {
    private final HandleTable handles;
    private final AtomicReference<String> poison;
    private final ComponentState parent;
    private final Store store;
    private final IndexTable<GuestThread> threads = new IndexTable<>();
    boolean mayLeave = true;
    boolean mayEnter = true;
    int backpressure;
    int numWaitingToEnter;
    GuestThread exclusiveThread;

    public ComponentState(HandleTable handles, AtomicReference<String> poison) {
        this(handles, poison, null, new Store(poison));
    }

    public ComponentState(HandleTable handles, AtomicReference<String> poison, ComponentState parent, Store store) {
        this.handles = handles;
        this.poison = poison;
        this.parent = parent;
        this.store = store;
    }

    public HandleTable handles() {
        return handles;
    }

    public Store store() {
        return store;
    }

    public ComponentState parent() {
        return parent;
    }

    IndexTable<GuestThread> threads() {
        return threads;
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

    /** {@code backpressure.inc}/{@code .dec}: traps on overflow or underflow, as the spec does. */
    public void backpressure(int delta) {
        int next = backpressure + delta;
        if (next >= 1 << 16) {
            throw new ComponentTrap("backpressure counter overflow");
        }
        if (next < 0) {
            throw new ComponentTrap("backpressure counter underflow");
        }
        backpressure = next;
    }

    // ---------------------------------------------------------------- entering (invariant #2)

    /*
     * The spec's entering set is the instance and its ancestors less the caller's, which allows
     * "donut wrapping" (a child calling back into its parent). Wasmtime traps on that, and so do
     * the conformance corpora (wasmtime's reentrance.wast; the component model's own
     * trap-on-reenter.wast says "for now"), so the set here is the instance alone: an instance
     * that is executing cannot be entered again, whoever calls.
     */

    /** Whether this instance is {@code other} or one of its ancestors. */
    boolean isReflexiveAncestorOf(ComponentState other) {
        for (ComponentState c = other; c != null; c = c.parent) {
            if (c == this) {
                return true;
            }
        }
        return false;
    }

    /**
     * The spec's {@code call_might_be_recursive} for a call from a component instance: the caller
     * and the callee are the same instance or one contains the other (a parent calling a child's
     * export, or a child calling its parent's), which traps "for now" (CanonicalABI.md). Host
     * callers ({@code null}) are judged by {@link #mayEnterFrom} alone.
     */
    public boolean callMightBeRecursive(ComponentState caller) {
        return caller != null && (caller.isReflexiveAncestorOf(this) || isReflexiveAncestorOf(caller));
    }

    public boolean mayEnterFrom(ComponentState caller) {
        return mayEnter;
    }

    public void enterFrom(ComponentState caller) {
        mayEnter = false;
    }

    public void leaveTo(ComponentState caller) {
        mayEnter = true;
    }

    /** The thread running in this JVM thread's current task, when it belongs to this instance. */
    public GuestThread currentThread() {
        return GuestThread.current();
    }
}
