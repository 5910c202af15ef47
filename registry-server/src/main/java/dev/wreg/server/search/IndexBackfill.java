package dev.wreg.server.search;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.blobs.BlobStoreException;
import dev.wreg.server.database.ChangeFeed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Indexes the releases that have no index rows: those accepted before the index existed
 * (migration V10 creates the tables; their rows need each release's WIT, which only the blob
 * holds, so SQL alone cannot fill them). Starts in the background once the server is ready.
 *
 * <p>Each release is indexed in a transaction of its own that first locks its package row, as a
 * publish does, and re-checks that the release still has no rows; so replicas starting together,
 * a publish running meanwhile, or a second run all leave exactly one set of rows. A blob that
 * cannot be read now (store unavailable) is skipped and tried again at the next start; one whose
 * WIT cannot be read is indexed by name only.
 */
@Component
public class IndexBackfill {

    private static final Logger log = LoggerFactory.getLogger(IndexBackfill.class);
    private static final int BATCH = 100;

    private final JdbcTemplate jdbc;
    private final BlobStore blobs;
    private final InterfaceIndex index;
    private final TransactionTemplate transaction;
    private final ChangeFeed changes;
    private final boolean enabled;

    public IndexBackfill(
            JdbcTemplate jdbc,
            BlobStore blobs,
            InterfaceIndex index,
            TransactionTemplate transaction,
            ChangeFeed changes,
            @Value("${wreg.index.backfill:true}") boolean enabled) {
        this.changes = changes;
        this.jdbc = jdbc;
        this.blobs = blobs;
        this.index = index;
        this.transaction = transaction;
        this.enabled = enabled;
    }

    /** What one run did. */
    public record Outcome(int indexed, int skipped) {}

    @EventListener(ApplicationReadyEvent.class)
    void startInBackground() {
        if (!enabled) {
            return;
        }
        Thread.ofVirtual().name("index-backfill").start(() -> {
            try {
                Outcome outcome = run();
                if (outcome.indexed() > 0 || outcome.skipped() > 0) {
                    log.info(
                            "interface index backfill: {} release(s) indexed, {} skipped",
                            outcome.indexed(),
                            outcome.skipped());
                }
            } catch (RuntimeException e) {
                log.warn("interface index backfill stopped: {}", e.getMessage(), e);
            }
        });
    }

    /** Indexes every release without index rows; safe to run at any time and any number of times. */
    public Outcome run() {
        int indexed = 0;
        Set<Long> skipped = new HashSet<>();
        while (true) {
            List<Pending> batch = jdbc.query(
                    "SELECT r.id, r.package_id, p.name, r.version, r.content_digest, r.size FROM releases r"
                            + " JOIN packages p ON p.id = r.package_id"
                            + " WHERE NOT EXISTS (SELECT 1 FROM release_search s WHERE s.release_id = r.id)"
                            + " AND r.id <> ALL (?) ORDER BY r.id LIMIT " + BATCH,
                    (rs, n) -> new Pending(
                            rs.getLong(1),
                            rs.getLong(2),
                            PackageName.parse(rs.getString(3)),
                            Version.parse(rs.getString(4)),
                            Digest.parse(rs.getString(5)),
                            rs.getLong(6)),
                    (Object) skipped.toArray(Long[]::new));
            if (batch.isEmpty()) {
                return new Outcome(indexed, skipped.size());
            }
            for (Pending release : batch) {
                if (indexOne(release)) {
                    indexed++;
                } else {
                    skipped.add(release.id());
                }
            }
        }
    }

    private record Pending(long id, long packageId, PackageName name, Version version, Digest content, long size) {}

    /** True when the release has its rows afterwards (whoever wrote them). */
    private boolean indexOne(Pending release) {
        String what = release.name() + "@" + release.version();
        byte[] bytes;
        try {
            bytes = read(release.content(), release.size());
        } catch (BlobStoreException | UncheckedIOException e) {
            log.warn(
                    "interface index backfill: {} skipped, its blob {} cannot be read now: {}",
                    what,
                    release.content(),
                    e.getMessage());
            return false;
        }
        Optional<dev.wreg.engine.wit.component.ComponentInterfaces> interfaces = InterfaceIndex.read(what, bytes);
        transaction.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT id FROM packages WHERE id = ? FOR UPDATE", Long.class, release.packageId());
            // Searches kept in memory (here and on every other replica) must hear of rows that no
            // package's log change announces; NOTIFY is sent at commit.
            jdbc.execute("NOTIFY " + ChangeFeed.CHANNEL + ", '" + ChangeFeed.Change.IndexChanged.PAYLOAD + "'");
            changes.afterCommit(new ChangeFeed.Change.IndexChanged());
            index.insert(release.id(), release.packageId(), release.name(), release.version(), interfaces);
            index.syncStatus(
                    release.packageId(),
                    jdbc.query(
                            "SELECT version, yanked, deprecated FROM releases WHERE package_id = ?",
                            (rs, n) -> new InterfaceIndex.ReleaseStatus(
                                    Version.parse(rs.getString(1)), rs.getBoolean(2), rs.getString(3)),
                            release.packageId()));
        });
        return true;
    }

    private byte[] read(Digest content, long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new UncheckedIOException(new IOException("blob of " + size + " bytes is too large to index"));
        }
        try (InputStream in = blobs.open(content, 0, -1)) {
            byte[] bytes = in.readNBytes((int) size);
            if (bytes.length != size) {
                throw new IOException("blob has " + bytes.length + " bytes, its release declares " + size);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
