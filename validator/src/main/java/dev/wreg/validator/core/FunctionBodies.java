package dev.wreg.validator.core;

import dev.wreg.validator.core.TypeStore.FuncType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The function bodies of one code section, validated in parallel while the module's later
 * sections are read. A body's validity depends only on the sections before the code section, so
 * bodies are independent; they are cut into chunks of consecutive bodies that the calling thread
 * and a small shared pool take in turn. The verdict is the sequential one: {@link #finish} reports
 * the failure of the lowest-numbered invalid body, exactly as validating the bodies in order would
 * (a chunk stops at its first failure; chunks after a failed one are skipped).
 */
final class FunctionBodies {

    /** Code sections smaller than this are validated in order, on the calling thread. */
    static final int PARALLEL_THRESHOLD_BYTES = 256 * 1024;

    /** About this much code per chunk: enough to amortise hand-over, small enough to balance. */
    private static final int CHUNK_BYTES = 64 * 1024;

    /**
     * Threads besides the caller's: one fewer than the cores, at most 7. Shared by every
     * validation in the process, and daemon threads, so an idle pool keeps nothing alive. A caller
     * never waits for a pool thread to become free: whatever the pool has not taken, the caller
     * validates itself.
     */
    private static final int HELPERS =
            Math.min(7, Math.max(0, Runtime.getRuntime().availableProcessors() - 1));

    private static final ExecutorService POOL = HELPERS == 0
            ? null
            : Executors.newFixedThreadPool(HELPERS, new java.util.concurrent.ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable task) {
                    Thread t = new Thread(task, "wreg-validator-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });

    /** One body: its type and its byte range (after the size prefix). */
    record Body(FuncType type, int start, int end) {}

    private final ModuleValidator module;
    /** Taken when the code section is reached: later sections may still declare references. */
    private final java.util.BitSet declaredFuncRefs;

    private final List<Body> bodies;
    private final int[] chunkStarts;
    private final AtomicInteger nextChunk = new AtomicInteger();
    /** The lowest chunk known to hold an invalid body; chunks after it need no validation. */
    private final AtomicInteger firstFailedChunk = new AtomicInteger(Integer.MAX_VALUE);

    private final Throwable[] failures;
    private final CountDownLatch done;

    private FunctionBodies(ModuleValidator module, List<Body> bodies) {
        this.module = module;
        this.declaredFuncRefs = (java.util.BitSet) module.declaredFuncRefs.clone();
        this.bodies = bodies;
        List<Integer> starts = new ArrayList<>();
        long bytes = CHUNK_BYTES;
        for (int i = 0; i < bodies.size(); i++) {
            if (bytes >= CHUNK_BYTES) {
                starts.add(i);
                bytes = 0;
            }
            Body b = bodies.get(i);
            bytes += b.end() - b.start();
        }
        this.chunkStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        this.failures = new Throwable[chunkStarts.length];
        this.done = new CountDownLatch(chunkStarts.length);
    }

    /** Starts validating {@code bodies} of {@code module} (whose sections before code are read). */
    static FunctionBodies start(ModuleValidator module, List<Body> bodies) {
        FunctionBodies job = new FunctionBodies(module, bodies);
        if (POOL != null) {
            int helpers = Math.min(HELPERS, job.chunkStarts.length - 1);
            for (int i = 0; i < helpers; i++) {
                POOL.execute(job::work);
            }
        }
        return job;
    }

    /**
     * Validates what no pool thread has taken, waits for the rest, and throws what the first
     * invalid body threw (a {@link ModuleError}, or whatever went wrong validating it).
     */
    void finish() {
        work();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int failed = firstFailedChunk.get();
        if (failed != Integer.MAX_VALUE) {
            Throwable t = failures[failed];
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    private void work() {
        ModuleValidator view = null;
        FunctionValidator validator = null;
        int c;
        while ((c = nextChunk.getAndIncrement()) < chunkStarts.length) {
            try {
                if (c < firstFailedChunk.get()) {
                    if (view == null) {
                        view = module.bodyView(declaredFuncRefs);
                        validator = new FunctionValidator(view);
                    }
                    validateChunk(c, view, validator);
                }
            } catch (Throwable t) {
                failures[c] = t;
                firstFailedChunk.accumulateAndGet(c, Math::min);
            } finally {
                done.countDown();
            }
        }
    }

    private void validateChunk(int c, ModuleValidator view, FunctionValidator validator) {
        int from = chunkStarts[c];
        int to = c + 1 < chunkStarts.length ? chunkStarts[c + 1] : bodies.size();
        for (int i = from; i < to; i++) {
            Body b = bodies.get(i);
            validateBody(view.r, validator, b.type(), b.start(), b.end());
        }
    }

    /** Validates one body between {@code start} and {@code end} of {@code cursor}'s bytes. */
    static void validateBody(ModuleCursor cursor, FunctionValidator validator, FuncType type, int start, int end) {
        cursor.range(start, end);
        validator.validateBody(type);
        if (cursor.pos() != end) {
            throw cursor.error("section size mismatch: function body has content after its end");
        }
    }
}
