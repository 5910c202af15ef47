package dev.wreg.server.uploads;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code wreg.uploads.*}: when unreferenced blobs are reclaimed. The per-namespace upload limits
 * themselves are publish policy ({@code wreg.policy.max-size}, {@code
 * wreg.policy.max-pending-uploads} and their {@code wreg.policy.namespaces.<ns>.*} overrides).
 *
 * @param orphanGrace how long a blob no release references is kept after it was last uploaded
 *     (or written, for blobs not uploaded through {@code PUT /v1/blobs}); also how long a
 *     temporary upload file or multipart upload left by a crash is kept
 * @param sweepInterval how often the orphan sweeper runs (one replica at a time)
 * @param sweep whether this replica runs the sweeper at all
 */
@ConfigurationProperties("wreg.uploads")
public record UploadsProperties(
        @DefaultValue("24h") Duration orphanGrace,
        @DefaultValue("1h") Duration sweepInterval,
        @DefaultValue("true") boolean sweep) {

    public UploadsProperties {
        if (orphanGrace.compareTo(Duration.ofMinutes(10)) < 0) {
            // Shorter than a slow upload plus its publish, a blob could go between the two.
            throw new IllegalArgumentException("wreg.uploads.orphan-grace must be at least 10m, not " + orphanGrace);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("wreg.uploads.sweep-interval must be positive");
        }
    }
}
