package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * CanonicalABI.md's stack switching ({@code cont.new}, {@code resume}, {@code suspend $block})
 * on JVM threads, shaped like the Python reference: a continuation owns a virtual thread that runs
 * only while a {@code resume} waits for it, so exactly one thread of a store executes at a time and
 * the semaphores' hand-offs order every access to the spec's state.
 *
 * <p>Why a platform thread per continuation: Endive runs core code on the Java stack (interpreted
 * and compiled alike), so a suspended guest needs a stack of its own. A virtual thread would be
 * cheaper to create, but Endive's loops never block, so a guest computing (or spinning) inside a
 * virtual thread holds one of the JVM's few carrier threads for as long as it runs: two such
 * guests on a 2-core machine would stall every other virtual thread of the process (the server
 * handles requests on virtual threads). A platform thread is preempted by the OS instead, has the
 * stack size we choose ({@link #STACK_BYTES}, the same order as the WASI guest thread's), and
 * while parked costs only its reserved stack. A continuation's thread starts on its first resume
 * and ends when its body returns or its store is closed.
 */
final class Fiber {
    private Fiber() {}

    /** The stack of a fiber's thread: deep enough for the recursion an interpreted guest needs. */
    static final long STACK_BYTES = 16L << 20;

    /** Live fiber threads in this JVM, for tests that check nothing leaks. */
    static final AtomicInteger LIVE = new AtomicInteger();

    /** Thrown inside a suspended fiber whose store was closed: unwinds the guest's stack. */
    static final class Killed extends Error {
        Killed() {
            super("the store was closed", null, false, false);
        }
    }

    static final class Handler {
        final Semaphore lock = new Semaphore(0);
        final GuestThread current;
        Continuation cont;
        GuestThread blockArg;
        Throwable failure;

        Handler(GuestThread current) {
            this.current = current;
        }
    }

    static final class Continuation {
        final Semaphore lock = new Semaphore(0);
        Handler handler;
        boolean blockResult;
        /** Set only on a continuation made by {@link #contNew} that has not been resumed yet. */
        IntFunction<GuestThread> body;

        final Fibers owner;

        Continuation(Fibers owner) {
            this.owner = owner;
        }
    }

    /** The fibers of one store, so that closing the store ends every one still suspended. */
    static final class Fibers {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        volatile boolean closed;

        void close() {
            closed = true;
            for (Thread t : threads) {
                t.interrupt();
            }
        }

        int live() {
            return threads.size();
        }
    }

    private static final ThreadLocal<Handler> HANDLER = new ThreadLocal<>();

    /** {@code cont.new}: the body receives the first resume's cancelled flag (1 or 0). */
    static Continuation contNew(Fibers owner, IntFunction<GuestThread> body) {
        Continuation c = new Continuation(owner);
        c.body = body;
        return c;
    }

    /**
     * {@code resume}: runs {@code cont} until it blocks or returns. Returns the continuation to
     * resume it by later (null when the body returned) in {@code out[0]} and the thread it asked to
     * switch to in {@code out[1]}. A trap inside the fiber is rethrown here.
     */
    static Object[] resume(Continuation cont, boolean cancelled, GuestThread current) {
        Handler h = new Handler(current);
        cont.handler = h;
        cont.blockResult = cancelled;
        if (cont.body != null) {
            IntFunction<GuestThread> body = cont.body;
            cont.body = null;
            if (cont.owner.closed) {
                throw new ComponentTrap("the store was closed");
            }
            Thread.ofPlatform()
                    .daemon()
                    .name("wreg-task")
                    .stackSize(STACK_BYTES)
                    .start(() -> base(cont, body));
        }
        cont.lock.release();
        try {
            h.lock.acquire();
        } catch (InterruptedException e) {
            // The driver was interrupted (the run's deadline): the running fiber is interrupted
            // too by closing its store, and this thread reports the interruption.
            cont.owner.close();
            Thread.currentThread().interrupt();
            throw new ComponentTrap("interrupted while a task was running", e);
        }
        if (h.failure != null) {
            Throwable f = h.failure;
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new ComponentTrap(f.toString(), f);
        }
        return new Object[] {h.cont, h.blockArg};
    }

    private static void base(Continuation cont, IntFunction<GuestThread> body) {
        Thread self = Thread.currentThread();
        cont.owner.threads.add(self);
        LIVE.incrementAndGet();
        try {
            cont.lock.acquireUninterruptibly();
            if (cont.owner.closed) {
                return;
            }
            HANDLER.set(cont.handler);
            GuestThread.setCurrent(cont.handler.current);
            GuestThread arg = null;
            Throwable failure = null;
            try {
                arg = body.apply(cont.blockResult ? 1 : 0);
            } catch (Killed k) {
                return;
            } catch (Throwable t) {
                failure = t;
            }
            Handler h = HANDLER.get();
            h.cont = null;
            h.blockArg = arg;
            h.failure = failure;
            h.lock.release();
        } finally {
            cont.owner.threads.remove(self);
            LIVE.decrementAndGet();
        }
    }

    /** Whether the calling JVM thread is a fiber (and so may {@link #block}). */
    static boolean inFiber() {
        return HANDLER.get() != null;
    }

    /** {@code suspend $block}: hands control back to the resumer; returns the next resume's flag. */
    static boolean block(GuestThread switchTo) {
        Handler h = HANDLER.get();
        Continuation c = new Continuation(h.current.task.inst.store().fibers);
        h.cont = c;
        h.blockArg = switchTo;
        h.lock.release();
        try {
            c.lock.acquire();
        } catch (InterruptedException e) {
            throw new Killed();
        }
        if (c.owner.closed) {
            throw new Killed();
        }
        HANDLER.set(c.handler);
        return c.blockResult;
    }
}
