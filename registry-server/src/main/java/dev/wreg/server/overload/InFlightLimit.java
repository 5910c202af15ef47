package dev.wreg.server.overload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound on one kind of work in flight: {@link #enter()} lets a unit in while fewer than the limit
 * are, and refuses it at once otherwise, never queueing it (a queue is exactly what must not grow).
 * Serves {@code wreg_overload_in_flight} and {@code wreg_overload_refused_total}, tagged with the
 * kind.
 */
public final class InFlightLimit {

    private final String kind;
    private final String plural;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter refused;
    private volatile int limit;

    /**
     * @param kind the meters' {@code kind} tag
     * @param plural what is counted, as a refusal names it ("requests", "record submissions")
     */
    public InFlightLimit(String kind, String plural, int limit, MeterRegistry meters) {
        this.kind = kind;
        this.plural = plural;
        requireAtLeastOne(limit);
        this.limit = limit;
        Gauge.builder("wreg.overload.in.flight", inFlight, AtomicInteger::get)
                .description("Requests being served, by the kind of in-flight bound they count against")
                .tag("kind", kind)
                .register(meters);
        this.refused = Counter.builder("wreg.overload.refused")
                .description("Requests refused with 503 overloaded because their in-flight bound was reached")
                .tag("kind", kind)
                .register(meters);
    }

    /**
     * Lets one unit of work in, to be closed when it is answered.
     *
     * @throws OverloadedException when the limit is in flight already
     */
    public Permit enter() {
        while (true) {
            int now = inFlight.get();
            if (now >= limit) {
                refused.increment();
                throw new OverloadedException(plural, limit);
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return new Permit();
            }
        }
    }

    /** How many are in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    public int limit() {
        return limit;
    }

    /** How many were refused since the start. */
    public long refused() {
        return (long) refused.count();
    }

    /** Changes the limit; those already in flight stay (tests try small limits on a running server). */
    void limit(int limit) {
        requireAtLeastOne(limit);
        this.limit = limit;
    }

    private void requireAtLeastOne(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "the limit of " + plural + " in flight (" + kind + ") must be at least 1, not " + limit);
        }
    }

    /** One unit in flight; closing it (once counts, later closes do nothing) lets the next one in. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit() {}

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                inFlight.decrementAndGet();
            }
        }
    }
}
