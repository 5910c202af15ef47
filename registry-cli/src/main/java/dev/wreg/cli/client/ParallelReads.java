package dev.wreg.cli.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Independent reads (registry requests, cached blobs) run at once on virtual threads, so that a
 * command needing twenty packages waits for about one round trip instead of twenty. At most
 * {@link #AT_ONCE} run at a time: a registry sees no larger burst from one command. Each input's
 * outcome is kept, value or failure, in the order of the inputs, so that a caller can raise a
 * failure exactly where a one-by-one loop would have met it (and not at all when it never asks).
 */
public final class ParallelReads {

    /** How many reads one command runs at the same time. */
    public static final int AT_ONCE = 8;

    private ParallelReads() {}

    /** What one read gave: its value, or the failure it threw. */
    public record Outcome<R>(R value, RuntimeException failure) {

        /** The value, or the read's failure thrown again. */
        public R get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /** {@code read} applied to every input, at most {@link #AT_ONCE} at a time; outcomes in input order. */
    public static <T, R> List<Outcome<R>> map(List<T> inputs, Function<T, R> read) {
        if (inputs.size() <= 1) {
            return inputs.stream().map(input -> attempt(read, input)).toList();
        }
        Semaphore gate = new Semaphore(AT_ONCE);
        List<Future<Outcome<R>>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T input : inputs) {
                futures.add(threads.submit(() -> {
                    gate.acquire();
                    try {
                        return attempt(read, input);
                    } finally {
                        gate.release();
                    }
                }));
            }
            List<Outcome<R>> outcomes = new ArrayList<>();
            for (Future<Outcome<R>> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading from the registry", e);
        } catch (ExecutionException e) {
            // attempt() keeps every RuntimeException: what arrives here is an Error (out of memory, say).
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static <T, R> Outcome<R> attempt(Function<T, R> read, T input) {
        try {
            return new Outcome<>(read.apply(input), null);
        } catch (RuntimeException e) {
            return new Outcome<>(null, e);
        }
    }
}
