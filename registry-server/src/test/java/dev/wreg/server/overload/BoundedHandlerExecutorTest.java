package dev.wreg.server.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedHandlerExecutorTest {

    @Test
    void runsAtMostTheLimitAtOnceAndTheRestWhenOneFinishes() throws Exception {
        BoundedHandlerExecutor executor = new BoundedHandlerExecutor(
                2, Thread.ofVirtual().name("test-handler-", 0).factory());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        CountDownLatch allDone = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            executor.execute(() -> {
                started.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                allDone.countDown();
            });
        }
        awaitTrue(() -> started.get() == 2);
        assertThat(executor.running()).isEqualTo(2);
        assertThat(executor.queued()).isEqualTo(3);
        // Nothing more starts while the two hold their places.
        Thread.sleep(100);
        assertThat(started.get()).isEqualTo(2);

        release.countDown();
        assertThat(allDone.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(started.get()).isEqualTo(5);
        awaitTrue(() -> executor.running() == 0);
        assertThat(executor.queued()).isZero();
    }

    @Test
    void neverMoreThanTheLimitRunUnderContentionAndEveryTaskRuns() throws Exception {
        int limit = 3;
        BoundedHandlerExecutor executor = new BoundedHandlerExecutor(
                limit, Thread.ofVirtual().name("test-handler-", 0).factory());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int tasks = 5_000;
        CountDownLatch done = new CountDownLatch(tasks);
        Thread[] submitters = new Thread[8];
        for (int t = 0; t < submitters.length; t++) {
            submitters[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < tasks / submitters.length; i++) {
                    executor.execute(() -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                        done.countDown();
                    });
                }
            });
        }
        for (Thread submitter : submitters) {
            submitter.join();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).as("every task ran").isTrue();
        assertThat(most.get()).isBetween(1, limit);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the condition").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
