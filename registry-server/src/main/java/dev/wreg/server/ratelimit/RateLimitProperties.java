package dev.wreg.server.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits under {@code wreg.rate-limit.*}: token buckets kept in memory by each replica (so
 * behind a load balancer over n replicas a client may get up to n times these).
 *
 * @param enabled whether requests are limited at all
 * @param loopback whether clients on a loopback address (127.0.0.0/8, ::1) are limited too; off by
 *     default so that local use and the benchmarks on the same machine are never slowed down
 * @param anonymous requests without a token, per client address
 * @param authenticated requests with a bearer token, per token
 * @param publish record submissions ({@code POST /v1/packages/{pkg}/records}), per token (or
 *     address), on top of the above
 * @param maxClients most buckets kept; idle (full) buckets are dropped first, and past this the
 *     least recently used go
 */
@ConfigurationProperties("wreg.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean loopback,
        Limit anonymous,
        Limit authenticated,
        Limit publish,
        @DefaultValue("100000") int maxClients) {

    public static final Limit DEFAULT_ANONYMOUS = new Limit(20.0, 200);
    public static final Limit DEFAULT_AUTHENTICATED = new Limit(50.0, 500);
    public static final Limit DEFAULT_PUBLISH = new Limit(5.0, 50);

    public RateLimitProperties {
        anonymous = Limit.orDefault(anonymous, DEFAULT_ANONYMOUS);
        authenticated = Limit.orDefault(authenticated, DEFAULT_AUTHENTICATED);
        publish = Limit.orDefault(publish, DEFAULT_PUBLISH);
        if (maxClients < 1) {
            throw new IllegalArgumentException("wreg.rate-limit.max-clients must be at least 1, not " + maxClients);
        }
    }

    /**
     * One kind of bucket: it holds up to {@code burst} requests and refills {@code perSecond} a
     * second. Either may be left out to keep its default.
     */
    public record Limit(Double perSecond, Integer burst) {

        public Limit {
            if (perSecond != null && !(perSecond > 0)) {
                throw new IllegalArgumentException("a rate limit's per-second must be above 0, not " + perSecond);
            }
            if (burst != null && burst < 1) {
                throw new IllegalArgumentException("a rate limit's burst must be at least 1, not " + burst);
            }
        }

        static Limit orDefault(Limit given, Limit fallback) {
            if (given == null) {
                return fallback;
            }
            return new Limit(
                    given.perSecond == null ? fallback.perSecond : given.perSecond,
                    given.burst == null ? fallback.burst : given.burst);
        }

        /** How long an empty bucket takes to be full again: a bucket idle this long can be dropped. */
        Duration refillTime() {
            return Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9));
        }
    }
}
