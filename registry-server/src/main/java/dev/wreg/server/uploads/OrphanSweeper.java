package dev.wreg.server.uploads;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.server.blobs.BlobAge;
import dev.wreg.server.blobs.BlobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes orphaned blobs: blobs that no release and no composition names, written (and not
 * uploaded again) longer than {@code wreg.uploads.orphan-grace} ago. A blob uploaded for a release
 * the registry then refused is one of them. Runs every {@code wreg.uploads.sweep-interval} on one
 * replica at a time (a session advisory lock; the others skip that round).
 *
 * <p>Each blob is checked and deleted in a transaction of its own holding the blob's exclusive
 * {@link ReclaimLocks reclaim lock}: a publish whose commit holds the shared lock has either
 * committed its release first (the sweeper then sees it and keeps the blob) or commits after the
 * deletion, and then finds the blob gone and is refused ({@code blob-reclaimed}) instead of
 * committing a release without content. An upload notes itself under the same lock, so a blob
 * uploaded again while the sweeper considers it is kept.
 */
@Component
public class OrphanSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    private final BlobStore blobs;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final UploadsProperties properties;
    private final Counter reclaimedBlobs;
    private final Counter reclaimedBytes;
    private final Counter abandonedUploads;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("wreg-orphan-sweeper").factory());

    public OrphanSweeper(
            BlobStore blobs,
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            Clock clock,
            UploadsProperties properties,
            MeterRegistry meters) {
        this.blobs = blobs;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.properties = properties;
        this.reclaimedBlobs = Counter.builder("wreg.blobs.reclaimed")
                .description("Orphaned blobs (named by no release) deleted by the sweeper")
                .register(meters);
        this.reclaimedBytes = Counter.builder("wreg.blobs.reclaimed.bytes")
                .description("Bytes of the orphaned blobs deleted by the sweeper")
                .baseUnit("bytes")
                .register(meters);
        this.abandonedUploads = Counter.builder("wreg.uploads.abandoned.removed")
                .description("Temporary files, objects and multipart uploads left by unfinished uploads, removed")
                .register(meters);
    }

    /**
     * What one sweep did.
     *
     * @param ran false when another replica's sweep held the lock (nothing was done)
     * @param reclaimed the digests of the blobs deleted
     * @param bytes their total size
     * @param kept candidates old enough but still referenced (or uploaded again)
     * @param abandonedUploads leftovers of unfinished uploads removed
     */
    public record Sweep(boolean ran, List<Digest> reclaimed, long bytes, int kept, int abandonedUploads) {}

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!properties.sweep()) {
            return;
        }
        long period = properties.sweepInterval().toSeconds();
        timer.scheduleWithFixedDelay(this::sweepQuietly, period, Math.max(1, period), TimeUnit.SECONDS);
    }

    /** Sweeps now, as of the clock's time. */
    public Sweep sweep() {
        return sweep(clock.instant());
    }

    /**
     * Sweeps as if it were {@code now}: blobs written and uploaded before {@code now} minus the grace
     * period, and not referenced, are deleted.
     */
    public Sweep sweep(Instant now) {
        Instant cutoff = now.minus(properties.orphanGrace());
        Sweep sweep = jdbc.execute((ConnectionCallback<Sweep>) connection -> {
            if (!Boolean.TRUE.equals(lockSweeper(connection))) {
                return new Sweep(false, List.of(), 0, 0, 0);
            }
            try {
                return sweepLocked(cutoff);
            } finally {
                try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, 0)")) {
                    unlock.setInt(1, ReclaimLocks.SWEEPER);
                    unlock.execute();
                }
            }
        });
        if (sweep.ran() && (!sweep.reclaimed().isEmpty() || sweep.abandonedUploads() > 0)) {
            log.info(
                    "reclaimed {} orphaned blob(s), {} bytes, and {} abandoned upload(s); kept {} referenced",
                    sweep.reclaimed().size(),
                    sweep.bytes(),
                    sweep.abandonedUploads(),
                    sweep.kept());
        }
        return sweep;
    }

    private static Boolean lockSweeper(java.sql.Connection connection) throws java.sql.SQLException {
        try (var lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, 0)")) {
            lock.setInt(1, ReclaimLocks.SWEEPER);
            try (var result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private Sweep sweepLocked(Instant cutoff) {
        List<BlobAge> candidates = new ArrayList<>();
        blobs.forEachBlobWrittenBefore(cutoff, candidates::add);
        List<Digest> reclaimed = new ArrayList<>();
        long bytes = 0;
        int kept = 0;
        for (BlobAge candidate : candidates) {
            if (reclaim(candidate.digest(), cutoff)) {
                reclaimed.add(candidate.digest());
                bytes += candidate.size();
                reclaimedBlobs.increment();
                reclaimedBytes.increment(candidate.size());
            } else {
                kept++;
            }
        }
        // Notes older than the grace period protect nothing any more; their blobs were just swept.
        jdbc.update("DELETE FROM blob_uploads WHERE uploaded_at < ?", Timestamp.from(cutoff));
        int abandoned = blobs.removeAbandonedUploads(cutoff);
        abandonedUploads.increment(abandoned);
        return new Sweep(true, List.copyOf(reclaimed), bytes, kept, abandoned);
    }

    /** Deletes the blob if, under its exclusive lock, nothing references it; answers whether it did. */
    boolean reclaim(Digest digest, Instant cutoff) {
        Boolean deleted = transaction.execute(status -> {
            ReclaimLocks.holdExclusive(jdbc, digest);
            if (referenced(digest, cutoff)) {
                return false;
            }
            jdbc.update("DELETE FROM blob_uploads WHERE digest = ?", digest.toString());
            return blobs.delete(digest);
        });
        return Boolean.TRUE.equals(deleted);
    }

    /** A release or a composition names it, or it was uploaded within the grace period. */
    private boolean referenced(Digest digest, Instant cutoff) {
        String d = digest.toString();
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM releases WHERE content_digest = ?)"
                        + " OR EXISTS (SELECT 1 FROM compositions WHERE result_digest = ?)"
                        + " OR EXISTS (SELECT 1 FROM blob_uploads WHERE digest = ? AND uploaded_at >= ?)",
                Boolean.class,
                d,
                d,
                d,
                Timestamp.from(cutoff)));
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("the orphan sweep failed; it runs again in {}: {}", properties.sweepInterval(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** The grace period (tests). */
    Duration grace() {
        return properties.orphanGrace();
    }
}
