package dev.wreg.protocol.log;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Whether a verified checkpoint is fresh. A checkpoint carries no time of its own (C2SP
 * tlog-checkpoint); freshness comes from its witnesses: a verified cosignature at time T says "as
 * of T this is the largest tree I have seen". A log whose newest verified cosignature is older
 * than the allowed age may be frozen — hiding newer entries such as a revocation — and a
 * cosignature dated in the future beyond the allowed clock skew is refused (tlog-cosignature lets
 * verifiers reject those).
 */
public final class Freshness {

    /** Code of a checkpoint that is not fresh: no recent cosignature, or one from the future. */
    public static final String STALE_LOG = "stale-log";

    private Freshness() {}

    /**
     * Requires the newest verified cosignature of {@code checkpoint} to be at most {@code maxAge}
     * old and none of them more than {@code maxSkew} in the future; code {@link #STALE_LOG}.
     */
    public static void require(VerifiedCheckpoint checkpoint, Instant now, Duration maxAge, Duration maxSkew) {
        long nowSeconds = now.getEpochSecond();
        for (NoteSignature cosignature : checkpoint.cosignatures()) {
            long time = CosignatureVerifier.timestamp(cosignature);
            if (time > nowSeconds + maxSkew.toSeconds()) {
                throw new LogException(
                        STALE_LOG,
                        "witness " + cosignature.keyName() + " cosigned at " + Instant.ofEpochSecond(time)
                                + ", in the future");
            }
        }
        OptionalLong newest = checkpoint.newestCosignatureTime();
        if (newest.isEmpty()) {
            throw new LogException(STALE_LOG, "no witness cosigned the checkpoint, so its age is unknown");
        }
        if (newest.getAsLong() < nowSeconds - maxAge.toSeconds()) {
            throw new LogException(
                    STALE_LOG,
                    "stale log: the newest witness cosignature is from " + Instant.ofEpochSecond(newest.getAsLong())
                            + ", more than " + maxAge.toHours() + " h ago");
        }
    }
}
