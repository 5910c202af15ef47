package dev.wreg.server.log;

import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TileBatch;
import dev.wreg.protocol.log.TileHashReader;
import dev.wreg.protocol.log.TileWriter;
import dev.wreg.protocol.log.TlogProof;
import dev.wreg.server.log.LogEntries.Indexed;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The log's single writer. Entries are sequenced and integrated under one PostgreSQL advisory lock,
 * so several replicas on one database never interleave, and in the same transaction that added
 * them ({@link #integrateWithin}): a record is committed only together with its index, its tiles
 * and bundles, and a signed checkpoint covering it. If storing a tile fails, nothing commits.
 *
 * <p>Integrating appends the entries past the last signed checkpoint to the tiles (resumed from the
 * stored right edge, whose root must equal that checkpoint's), stores tiles and bundles durably,
 * recomputes the new root from the stored tiles and checks it extends the last checkpoint, signs,
 * keeps the signed checkpoint beside the tiles ({@code log/checkpoint}) and only then records it in
 * the database. It signs only while the database's newest checkpoint is exactly the one beside
 * the tiles ({@link LogRecovery}); otherwise it refuses with {@link LogUnavailableException} and
 * reconciles in the background.
 *
 * <p>A crash at any point leaves either nothing (the transaction rolled back; unsigned tiles are
 * replaced by the next integration) or a signed checkpoint in the blob store that the database may
 * lack, which {@link LogRecovery} restores from the bundles.
 */
@Service
public class Sequencer {

    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

    /** Advisory-lock key of the log's writer ("wreg" "lg"). */
    public static final long WRITER_LOCK = 0x7772_6567_6c67L;

    /** Most entries one checkpoint integrates; a larger backlog takes several runs. */
    static final int BATCH = 4096;

    /*
     * Where an integration's time goes: storing the tiles and bundles (and checking the new root
     * against them), then signing and storing the checkpoint beside the tiles and in the database.
     */
    private static final Timer TILES = integrationPhase("tiles");
    private static final Timer CHECKPOINT = integrationPhase("checkpoint");

    private static Timer integrationPhase(String phase) {
        return Timer.builder("wreg.log.integration")
                .description("Time of one log integration, by phase")
                .tag("phase", phase)
                .register(Metrics.globalRegistry);
    }

    private final LogEntries entries;
    private final LogTiles tiles;
    private final LogSigner signer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LogRecovery recovery;
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("wreg-log-sequencer").factory());
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CheckpointPublication publication;

    /**
     * A sequencer whose checkpoints are handed out as signed, without witnesses, and whose log holds
     * no records to restore (tests of the log alone).
     */
    public Sequencer(
            LogEntries entries, LogTiles tiles, LogSigner signer, JdbcTemplate jdbc, TransactionTemplate transaction) {
        this(
                entries,
                tiles,
                signer,
                jdbc,
                transaction,
                CheckpointPublication.UNWITNESSED,
                new LogRecovery(entries, tiles, signer, null, null, jdbc, transaction));
    }

    @Autowired
    public Sequencer(
            LogEntries entries,
            LogTiles tiles,
            LogSigner signer,
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            CheckpointPublication publication,
            LogRecovery recovery) {
        this.entries = entries;
        this.tiles = tiles;
        this.signer = signer;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.publication = publication;
        this.recovery = recovery;
    }

    /** Where a record sits in the log and the proof of it under a signed checkpoint. */
    public record Inclusion(long index, byte[] checkpoint, TlogProof proof) {
        public String checkpointText() {
            return new String(checkpoint, StandardCharsets.UTF_8);
        }

        public String proofText() {
            return new String(proof.toBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Integrates now and returns the inclusion of a committed record's entry. */
    public Inclusion awaitInclusion(String recordId) {
        for (int attempt = 0; attempt < 10; attempt++) {
            StoredCheckpoint checkpoint = integrate();
            Long index = entries.indexOf(recordId).orElse(null);
            if (index != null && index < checkpoint.size()) {
                return inclusion(index, checkpoint);
            }
            if (index == null && !entries.exists(recordId)) {
                throw new IllegalStateException("record " + recordId + " has no log entry");
            }
        }
        throw new IllegalStateException("record " + recordId + " was not integrated into the log");
    }

    /**
     * The inclusion of a record committed under {@code signed} (what {@link #integrateWithin}
     * answered in its transaction), under that checkpoint as handed to the witnesses.
     */
    public Inclusion inclusionOf(String recordId, StoredCheckpoint signed) {
        StoredCheckpoint published = publication.publish(signed);
        Long index = entries.indexOf(recordId).orElse(null);
        if (index != null && index < published.size()) {
            return inclusion(index, published);
        }
        return awaitInclusion(recordId);
    }

    /** The inclusion proof of entry {@code index} under a signed checkpoint. */
    public Inclusion inclusion(long index, StoredCheckpoint checkpoint) {
        TlogProof proof =
                TlogProof.create(index, checkpoint.note(), new TileHashReader(checkpoint.size(), tiles), null);
        return new Inclusion(index, checkpoint.note(), proof);
    }

    /** Asks for an integration soon, on the background thread; requests made meanwhile coalesce. */
    public void requestIntegration() {
        if (requested.compareAndSet(false, true)) {
            background.execute(() -> {
                requested.set(false);
                try {
                    integrate();
                } catch (RuntimeException e) {
                    log.warn("log integration failed; the next publish retries it: {}", e.getMessage(), e);
                }
            });
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        requestIntegration(); // finishes whatever a previous process left half done
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    /**
     * Reconciles with the checkpoint beside the tiles, integrates whatever is pending, and returns
     * the newest signed checkpoint as published: with the witness cosignatures it gathered (outside
     * any transaction, since witnesses are remote).
     */
    public StoredCheckpoint integrate() {
        transaction.executeWithoutResult(status -> {
            lockWriter(jdbc);
            recovery.reconcile();
        });
        StoredCheckpoint latest = transaction.execute(status -> integrateLocked());
        return latest == null ? null : publication.publish(latest);
    }

    /**
     * Sequences and integrates, in the caller's transaction, every pending entry, including the
     * ones this transaction added: when it commits they are under a signed checkpoint, and if
     * anything here fails (a tile cannot be stored) nothing it did commits. Answers the signed
     * checkpoint, not yet published to witnesses. The writer lock is held until the commit, so call
     * this last, after every row the transaction writes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredCheckpoint integrateWithin() {
        return integrateLocked();
    }

    /** Phase 1 alone: what a process that dies right after sequencing leaves behind (for tests). */
    void sequenceOnly() {
        transaction.executeWithoutResult(status -> {
            lockWriter(jdbc);
            sequence();
        });
    }

    /** Takes the log's writer lock until the end of the current transaction. */
    static void lockWriter(JdbcTemplate jdbc) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", WRITER_LOCK);
    }

    private void sequence() {
        entries.assignAll(entries.pending(BATCH), entries.nextIndex());
    }

    private StoredCheckpoint integrateLocked() {
        lockWriter(jdbc);
        Optional<StoredCheckpoint> current = entries.latestCheckpoint();
        if (!recovery.inAgreement(current)) {
            requestIntegration(); // reconciles in a transaction of its own
            throw new LogUnavailableException("the log is being reconciled with its signed checkpoint after an"
                    + " outage; nothing was committed, retry shortly");
        }
        StoredCheckpoint last = current.orElseGet(this::signEmpty);
        while (true) {
            sequence();
            List<Indexed> batch = entries.indexedFrom(last.size(), BATCH);
            if (batch.isEmpty()) {
                return last;
            }
            last = integrateBatch(last, batch);
        }
    }

    private StoredCheckpoint integrateBatch(StoredCheckpoint last, List<Indexed> batch) {
        List<byte[]> data = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).index() != last.size() + i) {
                throw new IllegalStateException("log index " + (last.size() + i) + " is missing; found "
                        + batch.get(i).index());
            }
            data.add(batch.get(i).entry());
        }
        long started = System.nanoTime();
        TileWriter writer = last.size() == 0 ? TileWriter.create() : TileWriter.resume(last.size(), tiles);
        if (!Arrays.equals(writer.rootHash(), last.rootHash())) {
            throw new IllegalStateException(
                    "the stored tiles of size " + last.size() + " do not match the signed checkpoint");
        }
        TileBatch written = writer.append(data);
        tiles.writeAll(written.files(), last.size());
        Checkpoint next = written.checkpoint(signer.origin());
        checkExtends(last, next);
        long tilesStored = System.nanoTime();
        byte[] note = next.sign(signer.signer()).toBytes();
        // Beside the tiles first: if the database then loses this commit, the log still knows
        // what it signed and restores it from the bundles instead of signing something else.
        tiles.saveSignedCheckpoint(note);
        entries.saveCheckpoint(next.size(), next.rootHash(), note);
        TILES.record(tilesStored - started, TimeUnit.NANOSECONDS);
        CHECKPOINT.record(System.nanoTime() - tilesStored, TimeUnit.NANOSECONDS);
        return new StoredCheckpoint(next.size(), next.rootHash(), note);
    }

    /**
     * The last line of defence against signing two inconsistent checkpoints: the new root is
     * recomputed from what is now stored, and the stored tiles must prove it extends the old one.
     */
    private void checkExtends(StoredCheckpoint last, Checkpoint next) {
        TileHashReader stored = new TileHashReader(next.size(), tiles);
        if (!Arrays.equals(MerkleProofs.rootHash(next.size(), stored), next.rootHash())) {
            throw new IllegalStateException("the stored tiles of size " + next.size() + " do not give the new root");
        }
        if (last.size() > 0) {
            List<byte[]> proof = MerkleProofs.consistencyProof(last.size(), next.size(), stored);
            MerkleProofs.verifyConsistency(last.size(), next.size(), proof, last.rootHash(), next.rootHash());
        }
    }

    private StoredCheckpoint signEmpty() {
        Checkpoint empty = new Checkpoint(signer.origin(), 0, MerkleHasher.emptyRoot());
        byte[] note = empty.sign(signer.signer()).toBytes();
        tiles.saveSignedCheckpoint(note);
        entries.saveCheckpoint(0, empty.rootHash(), note);
        return new StoredCheckpoint(0, empty.rootHash(), note);
    }
}
