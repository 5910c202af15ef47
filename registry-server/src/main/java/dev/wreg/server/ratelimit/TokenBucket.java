package dev.wreg.server.ratelimit;

/**
 * One client's bucket: {@code burst} requests at once, refilled at {@code perSecond}. A request
 * that finds less than one token is refused with the time until one is there. {@link #charge}
 * takes a token even from an empty bucket (down to one burst of debt): failed sign-ins are paid
 * for after the fact.
 */
final class TokenBucket {

    private final RateLimitProperties.Limit limit;
    private double tokens;
    private long updatedNanos;
    private volatile long usedNanos;

    TokenBucket(RateLimitProperties.Limit limit, long nowNanos) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.updatedNanos = nowNanos;
        this.usedNanos = nowNanos;
    }

    /** Takes one token: 0 if there was one, else the nanoseconds until there will be. */
    synchronized long take(long nowNanos) {
        usedNanos = nowNanos;
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / limit.perSecond() * 1e9);
    }

    /** Takes one token whether there is one or not (at most one burst into debt). */
    synchronized void charge(long nowNanos) {
        usedNanos = nowNanos;
        refill(nowNanos);
        tokens = Math.max(tokens - 1, -limit.burst());
    }

    /** Whether the bucket is in debt: its client failed more than a burst of sign-ins lately. */
    synchronized boolean inDebt(long nowNanos) {
        refill(nowNanos);
        return tokens < 0;
    }

    /** Whether the bucket is full again, i.e. forgetting it changes nothing. */
    synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= limit.burst();
    }

    /** When a request last took (or was charged) a token. */
    long usedNanos() {
        return usedNanos;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(limit.burst(), tokens + elapsed / 1e9 * limit.perSecond());
            updatedNanos = nowNanos;
        }
    }
}
