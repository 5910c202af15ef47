package dev.wreg.server.overload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code wreg.overload.*}: how much work one replica holds at once before it sheds the rest with
 * 503 {@code overloaded} and {@code Retry-After}.
 *
 * @param maxRequestsInFlight most requests served at once, blob transfers and the actuator apart
 *     (a blob upload or download lasts as long as its client takes, and slow clients must not
 *     shut out the others). On two cores the server answers about 1,000 reads a second at 30-odd
 *     in flight, so 512 is a queue of about half a second, and their buffers some 50 MB of heap
 * @param maxPublishesInFlight most record submissions served at once, those waiting for the group
 *     commit included: 256 is one full commit's worth ({@code GroupCommitter.MAX_BATCH}), a wait of
 *     a few seconds at the ~50 commits a second two cores sustain
 * @param maxHandlers most of Tomcat's request handlers (virtual threads) running at once; socket
 *     events past it wait for one, as small queued tasks ({@link BoundedHandlerExecutor}). Each
 *     running handler holds a request processor (about 80 KB); one blocked on a slow upload's body
 *     holds its place, so this is well above the requests in flight. Takes effect at start
 */
@ConfigurationProperties("wreg.overload")
public record OverloadProperties(
        @DefaultValue("512") int maxRequestsInFlight,
        @DefaultValue("256") int maxPublishesInFlight,
        @DefaultValue("1024") int maxHandlers) {

    public OverloadProperties {
        if (maxRequestsInFlight < 1) {
            throw new IllegalArgumentException(
                    "wreg.overload.max-requests-in-flight must be at least 1, not " + maxRequestsInFlight);
        }
        if (maxHandlers < 1) {
            throw new IllegalArgumentException("wreg.overload.max-handlers must be at least 1, not " + maxHandlers);
        }
        if (maxPublishesInFlight < 1) {
            throw new IllegalArgumentException(
                    "wreg.overload.max-publishes-in-flight must be at least 1, not " + maxPublishesInFlight);
        }
    }
}
