package dev.wreg.server.overload;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tomcat's request handlers on virtual threads, at most {@code limit} running at once; the socket
 * events past that wait in a queue, each a small task, until a handler finishes. Why: Tomcat hands
 * every socket event to its executor at once, and with Spring's unbounded virtual-thread executor
 * an open-loop load made thousands of handlers at once; each takes a request processor (its
 * buffers sized by the 64 KB header limit, about 80 KB) and they all queue on Tomcat's monitors
 * (8,000 handlers waited for its processor cache), so the server held a gigabyte and answered
 * almost nothing. A handler blocked on a slow client's body still holds its place, so the limit is
 * far above what the server serves at once; idle and half-sent request heads hold none.
 */
final class BoundedHandlerExecutor implements Executor {

    private final int limit;
    private final ThreadFactory threads;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();

    BoundedHandlerExecutor(int limit, ThreadFactory threads) {
        if (limit < 1) {
            throw new IllegalArgumentException("wreg.overload.max-handlers must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.threads = threads;
    }

    @Override
    public void execute(Runnable task) {
        queued.incrementAndGet();
        waiting.add(task);
        startWaiting();
    }

    /** Handlers running now. */
    int running() {
        return running.get();
    }

    /** Socket events waiting for a handler. */
    int queued() {
        return queued.get();
    }

    /**
     * Starts waiting tasks while fewer than the limit run. Called after every enqueue and after
     * every task, so a task enqueued while all ran is started by the next one to finish.
     */
    private void startWaiting() {
        while (true) {
            int now = running.get();
            if (now >= limit || waiting.isEmpty()) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Runnable task = waiting.poll();
            if (task == null) {
                // Another thread took it; give the place back and look again.
                running.decrementAndGet();
                continue;
            }
            queued.decrementAndGet();
            threads.newThread(() -> {
                        try {
                            task.run();
                        } finally {
                            running.decrementAndGet();
                            startWaiting();
                        }
                    })
                    .start();
        }
    }
}
