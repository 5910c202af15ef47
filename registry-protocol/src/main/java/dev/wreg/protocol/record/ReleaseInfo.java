package dev.wreg.protocol.record;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.version.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * What a package log says about one released version.
 *
 * @param version the version as released
 * @param content digest of the component bytes
 * @param size size of the component in bytes
 * @param recordId ID of the record that released it
 * @param time that record's time
 * @param yanked whether it is currently yanked
 * @param yankReason the reason of the current yank; {@code null} when not yanked
 * @param deprecated the latest deprecation message; {@code null} when never deprecated
 */
public record ReleaseInfo(
        Version version,
        Digest content,
        long size,
        Digest recordId,
        Instant time,
        boolean yanked,
        String yankReason,
        String deprecated) {

    public ReleaseInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(time, "time");
    }

    ReleaseInfo withYank(boolean yanked, String reason) {
        return new ReleaseInfo(version, content, size, recordId, time, yanked, reason, deprecated);
    }

    ReleaseInfo withDeprecation(String message) {
        return new ReleaseInfo(version, content, size, recordId, time, yanked, yankReason, message);
    }
}
