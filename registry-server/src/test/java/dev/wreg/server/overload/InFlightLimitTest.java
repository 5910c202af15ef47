package dev.wreg.server.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.refusal.Refusal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void letsInUpToTheLimitAndRefusesTheNextAtOnce() {
        InFlightLimit limit = new InFlightLimit("publish", "record submissions", 2, meters);
        InFlightLimit.Permit first = limit.enter();
        limit.enter();

        assertThatThrownBy(limit::enter).isInstanceOfSatisfying(OverloadedException.class, e -> {
            assertThat(e.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
            assertThat(e.code()).isEqualTo(ProblemCodes.OVERLOADED);
            assertThat(e.detail()).contains("as many record submissions as it takes at once (2)");
        });
        assertThat(limit.inFlight()).isEqualTo(2);
        assertThat(limit.refused()).isEqualTo(1);
        assertThat(meters.get("wreg.overload.refused")
                        .tag("kind", "publish")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("wreg.overload.in.flight")
                        .tag("kind", "publish")
                        .gauge()
                        .value())
                .isEqualTo(2.0);

        first.close();
        assertThat(limit.inFlight()).isEqualTo(1);
        limit.enter();
        assertThat(limit.inFlight()).isEqualTo(2);
    }

    @Test
    void aPermitClosedTwiceLetsOnlyOneIn() {
        InFlightLimit limit = new InFlightLimit("request", "requests", 1, meters);
        InFlightLimit.Permit permit = limit.enter();
        permit.close();
        permit.close();
        assertThat(limit.inFlight()).isZero();
        limit.enter();
        assertThatThrownBy(limit::enter).isInstanceOf(OverloadedException.class);
    }

    @Test
    void aLowerLimitKeepsThoseInFlightAndRefusesNewOnesUntilBelowIt() {
        InFlightLimit limit = new InFlightLimit("request", "requests", 3, meters);
        List<InFlightLimit.Permit> permits = new ArrayList<>(List.of(limit.enter(), limit.enter(), limit.enter()));
        limit.limit(1);
        assertThat(limit.inFlight()).isEqualTo(3);
        assertThatThrownBy(limit::enter).isInstanceOf(OverloadedException.class);
        permits.removeFirst().close();
        permits.removeFirst().close();
        assertThatThrownBy(limit::enter).isInstanceOf(OverloadedException.class);
        permits.removeFirst().close();
        limit.enter();
        assertThat(limit.limit()).isEqualTo(1);
    }

    @Test
    void neverMoreThanTheLimitInFlightUnderContention() throws Exception {
        int limitSize = 4;
        InFlightLimit limit = new InFlightLimit("request", "requests", limitSize, meters);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        int threads = 64;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        try (InFlightLimit.Permit permit = limit.enter()) {
                            admitted.incrementAndGet();
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                        } catch (OverloadedException shed) {
                            // Refused at once: the point of the bound.
                        }
                    }
                    return null;
                });
            }
            start.countDown();
        }
        assertThat(most.get()).isBetween(1, limitSize);
        assertThat(limit.inFlight()).isZero();
        assertThat(admitted.get() + limit.refused()).isEqualTo(threads * 200L);
    }

    @Test
    void boundsBelowOneAreRefused() {
        assertThatThrownBy(() -> new OverloadProperties(0, 10, 10))
                .hasMessageContaining("wreg.overload.max-requests-in-flight");
        assertThatThrownBy(() -> new OverloadProperties(10, 0, 10))
                .hasMessageContaining("wreg.overload.max-publishes-in-flight");
        assertThatThrownBy(() -> new OverloadProperties(10, 10, 0)).hasMessageContaining("wreg.overload.max-handlers");
        assertThatThrownBy(() -> new InFlightLimit("publish", "record submissions", 0, meters))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
