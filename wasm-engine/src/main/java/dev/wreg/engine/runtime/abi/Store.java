package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.LimitExceededException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The spec's {@code Store} (CanonicalABI.md, "Embedding") for one top-level component instance:
 * the threads waiting to be resumed, and the loop that resumes them ({@code tick}) until what
 * the host waits for has happened.
 *
 * <p>Exactly one JVM thread drives a store at a time: the host thread inside {@code
 * ComponentInstance.call}, or a fiber it resumed. Work that completes elsewhere (an async host
 * function's future, a host writing to a stream from its own thread) is {@linkplain #post posted}
 * and runs on the driving thread between ticks. When nothing is ready, nothing is posted and no
 * host work is in flight, the store is deadlocked, and says so.
 */
public final class Store {
    final List<GuestThread> waiting = new ArrayList<>();
    final Fiber.Fibers fibers = new Fiber.Fibers();
    private final LinkedBlockingQueue<Runnable> mailbox = new LinkedBlockingQueue<>();
    private final AtomicInteger hostWork = new AtomicInteger();
    private final AtomicReference<String> poison;
    private int liveTasks;
    private int maxTasks = 10_000;

    public Store(AtomicReference<String> poison) {
        this.poison = poison;
    }

    private static final ThreadLocal<Store> CALLING = new ThreadLocal<>();

    /**
     * The store of the guest calling the host function that is running on this thread (null
     * outside a host call): host code posts its later work to it.
     */
    public static Store current() {
        return CALLING.get();
    }

    /** Runs a host function's body with {@link #current()} answering this store. */
    public <T> T asCaller(java.util.function.Supplier<T> body) {
        Store saved = CALLING.get();
        CALLING.set(this);
        try {
            return body.get();
        } finally {
            CALLING.set(saved);
        }
    }

    /** At most this many tasks may be live at once (a guest spawning calls without end hits it). */
    public void maxTasks(int max) {
        this.maxTasks = max;
    }

    void taskStarted() {
        if (++liveTasks > maxTasks) {
            liveTasks--;
            throw new LimitExceededException("tasks", "more than " + maxTasks + " concurrent async tasks");
        }
    }

    void taskEnded() {
        liveTasks--;
    }

    /** Host work a guest waits for; cancelled when the store closes. */
    private final java.util.Set<java.util.concurrent.Future<?>> inFlight =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Tracks an async host call, so that closing the store cancels it. */
    public void track(java.util.concurrent.CompletableFuture<?> f) {
        inFlight.add(f);
        f.whenComplete((r, e) -> inFlight.remove(f));
    }

    /** Runs {@code work} on the thread driving this store, between ticks (any thread may post). */
    public void post(Runnable work) {
        mailbox.add(work);
    }

    /**
     * Counts host work in flight that will {@link #post} when it completes; while there is some,
     * an idle store waits instead of reporting a deadlock. Pair with {@link #hostWorkDone}.
     */
    public void hostWorkStarted() {
        hostWork.incrementAndGet();
    }

    public void hostWorkDone() {
        hostWork.decrementAndGet();
    }

    /** Threads of this store's fibers still alive (suspended or running). */
    public int liveFibers() {
        return fibers.live();
    }

    /** Live fiber threads in this JVM, across stores. */
    public static int liveFibersInJvm() {
        return Fiber.LIVE.get();
    }

    /** Ends every suspended fiber: the store is finished (trapped, timed out or dropped). */
    public void close() {
        fibers.close();
        for (var f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        waiting.clear();
        mailbox.clear();
    }

    private boolean drainMailbox() {
        boolean any = false;
        Runnable r;
        while ((r = mailbox.poll()) != null) {
            any = true;
            r.run();
        }
        return any;
    }

    /** {@code Store.tick}: resumes one ready waiting thread; false when none is ready. */
    boolean tick() {
        GuestThread next = null;
        for (GuestThread t : waiting) {
            if (!t.inline && t.ready()) {
                next = t;
                break;
            }
        }
        if (next == null) {
            return false;
        }
        ComponentState inst = next.task.inst;
        inst.enterFrom(null);
        try {
            next.resume(false);
        } finally {
            inst.leaveTo(null);
        }
        return true;
    }

    /**
     * Drives the store until {@code done} holds: posted work first, then one ready thread at a
     * time. Traps on a deadlock; throws a {@link ComponentTrap} when interrupted.
     */
    public void runUntil(BooleanSupplier done) {
        while (true) {
            if (poison.get() != null) {
                throw new ComponentTrap("cannot enter component instance: it trapped before (" + poison.get() + ")");
            }
            drainMailbox();
            if (done.getAsBoolean()) {
                return;
            }
            if (tick()) {
                continue;
            }
            if (!mailbox.isEmpty()) {
                continue;
            }
            if (hostWork.get() == 0) {
                throw new ComponentTrap("deadlock detected: event loop cannot make further progress");
            }
            try {
                Runnable r = mailbox.poll(100, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentTrap("interrupted while waiting for host work", e);
            }
        }
    }
}
