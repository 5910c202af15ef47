package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.Val;
import java.util.ArrayList;
import java.util.List;

/**
 * One call into a component export (CanonicalABI.md, "Tasks"): its threads, its state from
 * {@code INITIAL} to {@code RESOLVED}, the borrows it holds, backpressure on entry and
 * cancellation.
 */
public final class Task {

    /** The spec's {@code OnStart}: the arguments, lifted from the caller when the callee starts. */
    @FunctionalInterface
    public interface OnStart {
        List<Val> start();
    }

    /** The spec's {@code OnResolve}: the results, or null when the call was cancelled. */
    @FunctionalInterface
    public interface OnResolve {
        void resolve(List<Val> results);
    }

    /** The spec's {@code OnCancel}: asks the callee to hurry up; {@code caller} null for the host. */
    @FunctionalInterface
    public interface OnCancel {
        void cancel(ComponentState caller);
    }

    /** The spec's {@code FuncInst}: a function as every cross-component call sees it. */
    @FunctionalInterface
    public interface FuncInst {
        OnCancel call(OnStart onStart, OnResolve onResolve, ComponentState caller);
    }

    public enum State {
        INITIAL,
        STARTED,
        PENDING_CANCEL,
        CANCEL_DELIVERED,
        RESOLVED
    }

    final FuncType ft;
    final CanonOptions opts;
    final boolean asyncOpt;
    final boolean hasCallback;
    final ComponentState inst;
    private final OnStart onStart;
    private final OnResolve onResolve;
    State state = State.INITIAL;
    /** Borrows lowered into this task (the spec's {@code num_borrows}). */
    final HandleTable.BorrowScope borrows = new HandleTable.BorrowScope();

    GuestThread implicitThread;
    final List<GuestThread> threads = new ArrayList<>();

    Task(
            FuncType ft,
            CanonOptions opts,
            boolean asyncOpt,
            boolean hasCallback,
            ComponentState inst,
            OnStart onStart,
            OnResolve onResolve) {
        this.ft = ft;
        this.opts = opts;
        this.asyncOpt = asyncOpt;
        this.hasCallback = hasCallback;
        this.inst = inst;
        this.onStart = onStart;
        this.onResolve = onResolve;
    }

    public State state() {
        return state;
    }

    public FuncType type() {
        return ft;
    }

    /**
     * The spec's {@code Task.may_block}: an {@code async}-typed task may always block; any other
     * only once it has returned its result.
     */
    boolean mayBlock() {
        return ft.async() || state == State.RESOLVED;
    }

    boolean needsExclusive() {
        return !asyncOpt || hasCallback;
    }

    private boolean hasBackpressure() {
        return inst.backpressure > 0 || (needsExclusive() && inst.exclusiveThread != null);
    }

    boolean enterImplicitThread() {
        implicitThread = GuestThread.current();
        if (ft.async()) {
            if (hasBackpressure() || inst.numWaitingToEnter > 0) {
                inst.numWaitingToEnter++;
                boolean cancelled = implicitThread.waitUntil(() -> !hasBackpressure(), true);
                inst.numWaitingToEnter--;
                if (cancelled) {
                    cancel();
                    return false;
                }
            }
            if (needsExclusive()) {
                inst.exclusiveThread = implicitThread;
            }
        }
        registerThread(implicitThread);
        return true;
    }

    void registerThread(GuestThread thread) {
        threads.add(thread);
        thread.index = inst.threads().add(thread);
    }

    void exitImplicitThread() {
        unregisterThread(implicitThread);
        if (ft.async() && needsExclusive()) {
            inst.exclusiveThread = null;
        }
    }

    void unregisterThread(GuestThread thread) {
        threads.remove(thread);
        if (threads.isEmpty() && state != State.RESOLVED) {
            throw new ComponentTrap("async-lifted export failed to produce a result");
        }
        inst.threads().remove(thread.index);
    }

    /** Undoes entering when the host's arguments did not fit: no guest code ran. */
    void abandon() {
        state = State.RESOLVED;
        threads.remove(implicitThread);
        inst.threads().remove(implicitThread.index);
        if (ft.async() && needsExclusive()) {
            inst.exclusiveThread = null;
        }
    }

    /** {@code Task.request_cancellation}. */
    void requestCancellation(ComponentState caller) {
        if (state == State.INITIAL) {
            state = State.CANCEL_DELIVERED;
            implicitThread.resume(true);
            return;
        }
        List<GuestThread> candidates = new ArrayList<>();
        for (GuestThread t : threads) {
            if (t.cancellable && !t.running()) {
                candidates.add(t);
            }
        }
        if (needsExclusive() && inst.exclusiveThread != null && inst.exclusiveThread != implicitThread) {
            candidates.remove(implicitThread);
        }
        if (!candidates.isEmpty() && inst.mayEnterFrom(caller)) {
            state = State.CANCEL_DELIVERED;
            inst.enterFrom(caller);
            try {
                candidates.getFirst().resume(true);
            } finally {
                inst.leaveTo(caller);
            }
        } else {
            state = State.PENDING_CANCEL;
        }
    }

    boolean deliverPendingCancel(boolean cancellable) {
        if (cancellable && state == State.PENDING_CANCEL) {
            state = State.CANCEL_DELIVERED;
            return true;
        }
        return false;
    }

    List<Val> start() {
        state = State.STARTED;
        return onStart.start();
    }

    void returnResult(List<Val> result) {
        if (state == State.RESOLVED) {
            throw new ComponentTrap("task.return called more than once (the task already resolved)");
        }
        if (borrows.count() > 0) {
            throw new ComponentTrap("borrow handles still remain at the end of the call");
        }
        onResolve.resolve(result);
        state = State.RESOLVED;
    }

    void cancel() {
        if (state != State.CANCEL_DELIVERED) {
            throw new ComponentTrap("task.cancel called when cancellation was not delivered to the task");
        }
        if (borrows.count() > 0) {
            throw new ComponentTrap("borrow handles still remain at the end of the call");
        }
        onResolve.resolve(null);
        state = State.RESOLVED;
    }
}
