package dev.wreg.engine.runtime.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Something a task can wait for (CanonicalABI.md, "Waitable State"): a subtask or one end of a
 * stream or future. It holds at most one pending event, made when it is delivered.
 */
public class Waitable {
    /** Event codes delivered to core code. */
    static final int NONE = 0;

    static final int SUBTASK = 1;
    static final int STREAM_READ = 2;
    static final int STREAM_WRITE = 3;
    static final int FUTURE_READ = 4;
    static final int FUTURE_WRITE = 5;
    static final int TASK_CANCELLED = 6;

    /** An event: code and two payload words. */
    record Event(int code, int index, int payload) {}

    private Supplier<Event> pendingEvent;
    WaitableSet wset;
    boolean hasSyncWaiter;

    void setPendingEvent(Supplier<Event> e) {
        pendingEvent = e;
    }

    boolean hasPendingEvent() {
        return pendingEvent != null;
    }

    boolean inWaitableSet() {
        return wset != null;
    }

    void waitForPendingEvent() {
        hasSyncWaiter = true;
        try {
            GuestThread.current().waitInBuiltin(this::hasPendingEvent);
        } finally {
            hasSyncWaiter = false;
        }
    }

    Event getPendingEvent() {
        Supplier<Event> e = pendingEvent;
        pendingEvent = null;
        return e.get();
    }

    void join(WaitableSet set) {
        if (wset != null) {
            wset.elems.remove(this);
        }
        wset = set;
        if (set != null) {
            set.elems.add(this);
        }
    }

    void drop() {
        join(null);
    }

    /** A set of waitables a task waits on together. */
    static final class WaitableSet {
        final List<Waitable> elems = new ArrayList<>();
        int numWaiting;

        boolean hasPendingEvent() {
            for (Waitable w : elems) {
                if (w.hasPendingEvent()) {
                    return true;
                }
            }
            return false;
        }

        /** The first waitable (in join order) with an event; the spec picks any. */
        Event getPendingEvent() {
            for (Waitable w : elems) {
                if (w.hasPendingEvent()) {
                    return w.getPendingEvent();
                }
            }
            throw new IllegalStateException("no pending event");
        }

        Event waitForEventAnd(BooleanSupplier ready, boolean cancellable) {
            numWaiting++;
            try {
                GuestThread current = GuestThread.current();
                // The spec lets the embedder keep running a thread whose wait is already satisfied
                // (wait_until's nondeterministic early return); wasmtime does, and the conformance
                // corpus relies on it: an async callee that waits on an event already pending
                // returns to its caller without blocking (RETURNED, not STARTED).
                if (current.task.deliverPendingCancel(cancellable)) {
                    return new Event(TASK_CANCELLED, 0, 0);
                }
                if (ready.getAsBoolean() && hasPendingEvent()) {
                    return getPendingEvent();
                }
                boolean cancelled = current.waitUntil(() -> ready.getAsBoolean() && hasPendingEvent(), cancellable);
                return cancelled ? new Event(TASK_CANCELLED, 0, 0) : getPendingEvent();
            } finally {
                numWaiting--;
            }
        }

        Event poll(boolean cancellable) {
            if (GuestThread.current().task.deliverPendingCancel(cancellable)) {
                return new Event(TASK_CANCELLED, 0, 0);
            }
            if (!hasPendingEvent()) {
                return new Event(NONE, 0, 0);
            }
            return getPendingEvent();
        }

        void drop() {
            if (!elems.isEmpty()) {
                throw new dev.wreg.engine.runtime.ComponentTrap("cannot drop a waitable set with waiters");
            }
            if (numWaiting > 0) {
                throw new dev.wreg.engine.runtime.ComponentTrap("cannot drop a waitable set with waiters");
            }
        }
    }

    /** The caller's side of an async call that did not return at once (CanonicalABI.md, "Subtask State"). */
    static final class Subtask extends Waitable {
        static final int STARTING = 0;
        static final int STARTED = 1;
        static final int RETURNED = 2;
        static final int CANCELLED_BEFORE_STARTED = 3;
        static final int CANCELLED_BEFORE_RETURNED = 4;

        int state = STARTING;
        Task.OnCancel onCancel;
        /** Own handles whose borrows were lent to the callee; null once the resolve is delivered. */
        List<HandleTable.Entry> lenders = new ArrayList<>();

        boolean cancellationRequested;
        long[] flatResults = new long[0];

        boolean resolved() {
            return state >= RETURNED;
        }

        void addLender(HandleTable.Entry h) {
            h.lendCount++;
            lenders.add(h);
        }

        void resolve(int newState, long[] results) {
            state = newState;
            flatResults = results;
        }

        void deliverResolve() {
            for (HandleTable.Entry h : lenders) {
                h.lendCount--;
            }
            lenders = null;
        }

        boolean resolveDelivered() {
            return lenders == null;
        }

        @Override
        void drop() {
            if (!resolveDelivered()) {
                throw new dev.wreg.engine.runtime.ComponentTrap("cannot drop a subtask which has not yet resolved");
            }
            super.drop();
        }
    }
}
