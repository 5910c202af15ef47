package dev.wreg.server.ratelimit;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The buckets of one kind of client (anonymous addresses, tokens, publishers), in memory. Memory
 * is bounded: at most {@code maxClients} buckets; a sweep (every few seconds, or when the map is
 * full) drops the buckets that are full again, since a full bucket is the same as none, and past
 * the bound the least recently used.
 */
final class RateLimiter {

    private static final long SWEEP_INTERVAL_NANOS = 5_000_000_000L;

    private final RateLimitProperties.Limit limit;
    private final int maxClients;
    private final LongSupplier clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    RateLimiter(RateLimitProperties.Limit limit, int maxClients, LongSupplier clock) {
        this.limit = limit;
        this.maxClients = maxClients;
        this.clock = clock;
        this.lastSweep = new AtomicLong(clock.getAsLong());
    }

    /** Takes a token from {@code client}'s bucket: 0 if allowed, else nanoseconds to wait. */
    long take(String client) {
        long now = clock.getAsLong();
        sweepIfDue(now);
        return bucket(client, now).take(now);
    }

    /** Charges {@code client} one request after the fact, even past empty. */
    void charge(String client) {
        long now = clock.getAsLong();
        sweepIfDue(now);
        bucket(client, now).charge(now);
    }

    /** Whether {@code client} owes more than it may spend (see {@link TokenBucket#charge}). */
    boolean inDebt(String client) {
        TokenBucket bucket = buckets.get(client);
        return bucket != null && bucket.inDebt(clock.getAsLong());
    }

    int size() {
        return buckets.size();
    }

    private TokenBucket bucket(String client, long now) {
        TokenBucket bucket = buckets.get(client);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= maxClients) {
            sweep(now);
        }
        return buckets.computeIfAbsent(client, key -> new TokenBucket(limit, now));
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
            sweep(now);
        }
    }

    private synchronized void sweep(long now) {
        buckets.values().removeIf(bucket -> bucket.full(now));
        int excess = buckets.size() - maxClients + 1;
        if (excess > 0) {
            // Still full of busy clients (many addresses at once): forget the least recently used.
            List<Map.Entry<String, TokenBucket>> oldest = buckets.entrySet().stream()
                    .sorted(Comparator.comparingLong(entry -> entry.getValue().usedNanos()))
                    .limit(excess + maxClients / 10)
                    .toList();
            oldest.forEach(entry -> buckets.remove(entry.getKey(), entry.getValue()));
        }
    }
}
