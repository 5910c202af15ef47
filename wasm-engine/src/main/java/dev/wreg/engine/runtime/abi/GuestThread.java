package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.util.function.BooleanSupplier;

/**
 * A component-model thread (CanonicalABI.md, "Threads"): running, suspended or waiting, with its
 * task, cancellability, index in its instance's thread table and two context slots.
 *
 * <p>Threads of {@code async}-typed calls run on a {@link Fiber}. The implicit thread of a
 * non-{@code async}-typed call runs <em>inline</em>, on the stack of whoever resumed it, as the
 * spec allows ("a normal synchronous native function call can be used instead"): when it blocks,
 * {@code canon lift}'s loop over the instance's other ready threads runs right there, inside the
 * blocking built-in, until the thread is ready again.
 */
public final class GuestThread {
    /** The continuation of a suspended or waiting thread; null while it runs. */
    Fiber.Continuation cont;

    BooleanSupplier readyFunc;
    final Task task;
    boolean cancellable;
    int index;
    final long[] storage = new long[2];

    /** An inline thread (see the class comment): its stack is its resumer's. */
    final boolean inline;

    private final Runnable threadFunc;
    private boolean inlineStarted;
    /** For an inline thread: set when another thread switched to it (it returns from its block). */
    private boolean inlineResumed;

    private boolean inlineResumedCancelled;

    /** The JVM thread an inline thread runs on (it can only be resumed from that stack). */
    private Thread inlineCarrier;

    private static final ThreadLocal<GuestThread> CURRENT = new ThreadLocal<>();

    /** Marks the placeholder continuation of an inline thread. */
    private static final Fiber.Continuation INLINE = new Fiber.Continuation(new Fiber.Fibers());

    GuestThread(Task task, Runnable threadFunc, boolean inline) {
        this.task = task;
        this.inline = inline;
        this.threadFunc = threadFunc;
        if (inline) {
            this.cont = INLINE;
        } else {
            this.cont = Fiber.contNew(task.inst.store().fibers, cancelled -> {
                threadFunc.run();
                return null;
            });
        }
    }

    static void setCurrent(GuestThread t) {
        CURRENT.set(t);
    }

    /** The thread running on this JVM thread (the spec's {@code current_thread()}), or null. */
    public static GuestThread current() {
        return CURRENT.get();
    }

    public Task task() {
        return task;
    }

    public long[] storage() {
        return storage;
    }

    public int index() {
        return index;
    }

    boolean running() {
        return cont == null;
    }

    boolean suspended() {
        return !running() && readyFunc == null;
    }

    boolean waiting() {
        return !running() && readyFunc != null;
    }

    boolean ready() {
        return waiting() && readyFunc.getAsBoolean();
    }

    void startWaitingInternal(BooleanSupplier ready) {
        readyFunc = ready;
        task.inst.store().waiting.add(this);
    }

    void stopWaitingInternal(boolean cancelled) {
        readyFunc = null;
        task.inst.store().waiting.remove(this);
    }

    void resumeLater() {
        startWaitingInternal(() -> true);
    }

    /** {@code Thread.resume}: runs this thread (and whatever it switches to) until one blocks. */
    void resume(boolean cancelled) {
        if (waiting()) {
            stopWaitingInternal(cancelled);
        }
        GuestThread thread = this;
        while (thread != null) {
            if (thread.inline) {
                if (!thread.inlineStarted) {
                    thread.inlineStarted = true;
                    thread.cont = null;
                    thread.runInline();
                } else {
                    if (thread.inlineCarrier != Thread.currentThread()) {
                        throw new ComponentTrap(
                                "not supported by this runtime yet: switching to a synchronous task's thread from"
                                        + " another stack");
                    }
                    thread.cont = null;
                    thread.inlineResumed = true;
                    thread.inlineResumedCancelled = cancelled;
                }
                return;
            }
            Fiber.Continuation c = thread.cont;
            thread.cont = null;
            Object[] r = Fiber.resume(c, cancelled, thread);
            thread.cont = (Fiber.Continuation) r[0];
            thread = (GuestThread) r[1];
            cancelled = false;
        }
    }

    private void runInline() {
        GuestThread saved = CURRENT.get();
        inlineCarrier = Thread.currentThread();
        CURRENT.set(this);
        try {
            threadFunc.run();
        } finally {
            CURRENT.set(saved);
        }
    }

    private boolean blockInternal(boolean cancellable) {
        this.cancellable = cancellable;
        return block(null);
    }

    private boolean switchToInternal(boolean cancellable, GuestThread other) {
        this.cancellable = cancellable;
        return block(other);
    }

    private boolean block(GuestThread switchTo) {
        if (!inline) {
            // The resumer stores the continuation Fiber.resume hands back in `cont`.
            return Fiber.block(switchTo);
        }
        cont = INLINE;
        return blockInline(switchTo);
    }

    /**
     * An inline thread blocked: this is {@code canon lift}'s loop for a non-{@code async}-typed
     * call, run on the blocked thread's own stack. It resumes other ready threads of the instance
     * (never the one holding the instance's exclusive lock) until this one is resumed, and traps
     * when none can run: a synchronous call cannot wait for anything outside its instance.
     */
    private boolean blockInline(GuestThread switchTo) {
        inlineResumed = false;
        if (switchTo != null) {
            switchTo.resume(false);
        }
        while (!inlineResumed) {
            if (ready()) {
                resume(false);
                continue;
            }
            GuestThread candidate = null;
            for (Object o : task.inst.threads()) {
                GuestThread t = (GuestThread) o;
                if (t != this && t.ready() && t != task.inst.exclusiveThread && !t.inline) {
                    candidate = t;
                    break;
                }
            }
            if (candidate == null) {
                throw new ComponentTrap("cannot block a synchronous task before returning");
            }
            candidate.resume(false);
        }
        inlineResumed = false;
        return inlineResumedCancelled;
    }

    /**
     * Whether another thread of this thread's instance is ready to run (one a blocked synchronous
     * call could resume instead, {@link #blockInline}).
     */
    boolean otherThreadReady() {
        for (Object o : task.inst.threads()) {
            GuestThread t = (GuestThread) o;
            if (t != this && t.ready() && t != task.inst.exclusiveThread && !t.inline) {
                return true;
            }
        }
        return false;
    }

    boolean suspend(boolean cancellable) {
        if (task.deliverPendingCancel(cancellable)) {
            return true;
        }
        return blockInternal(cancellable);
    }

    /**
     * Waits until {@code ready} holds. This runtime always switches (the spec's deterministic
     * profile), so that a yield really lets other tasks run.
     */
    boolean waitUntil(BooleanSupplier ready, boolean cancellable) {
        if (task.deliverPendingCancel(cancellable)) {
            return true;
        }
        startWaitingInternal(ready);
        return blockInternal(cancellable);
    }

    /**
     * Waits in a synchronous built-in for one waitable's event (a stream or future copy, its
     * cancellation, {@code subtask.cancel}). A callback task blocked there lets other tasks into
     * its instance meanwhile and takes the lock back before it continues, as wasmtime does
     * (sync-streams.wast and task-builtins.wast start calls into the instance while its callback
     * task waits in {@code stream.write}); a synchronous call to another component keeps the lock
     * ({@link #waitUntil}; async-calls-sync.wast expects its callers to see backpressure).
     */
    boolean waitInBuiltin(BooleanSupplier ready) {
        ComponentState inst = task.inst;
        if (inline || !task.hasCallback || inst.exclusiveThread != this) {
            return waitUntil(ready, false);
        }
        inst.exclusiveThread = null;
        startWaitingInternal(() -> inst.exclusiveThread == null && ready.getAsBoolean());
        boolean cancelled = blockInternal(false);
        inst.exclusiveThread = this;
        return cancelled;
    }

    boolean yieldNow(boolean cancellable) {
        return waitUntil(() -> true, cancellable);
    }

    boolean suspendThenResume(boolean cancellable, GuestThread other) {
        if (task.deliverPendingCancel(cancellable)) {
            return true;
        }
        return switchToInternal(cancellable, other);
    }

    boolean yieldThenResume(boolean cancellable, GuestThread other) {
        if (task.deliverPendingCancel(cancellable)) {
            return true;
        }
        startWaitingInternal(() -> true);
        return switchToInternal(cancellable, other);
    }

    boolean suspendThenPromote(boolean cancellable, GuestThread other) {
        if (task.deliverPendingCancel(cancellable)) {
            return true;
        }
        if (other.ready()) {
            other.stopWaitingInternal(false);
            return suspendThenResume(cancellable, other);
        }
        return suspend(cancellable);
    }

    boolean yieldThenPromote(boolean cancellable, GuestThread other) {
        if (task.deliverPendingCancel(cancellable)) {
            return true;
        }
        if (other.ready()) {
            other.stopWaitingInternal(false);
            return yieldThenResume(cancellable, other);
        }
        return yieldNow(cancellable);
    }
}
