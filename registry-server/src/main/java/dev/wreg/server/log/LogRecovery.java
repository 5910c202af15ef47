package dev.wreg.server.log;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.EntryBundleId;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TileHashReader;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.protocol.log.TileWriter;
import dev.wreg.protocol.log.Tiles;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the database and the log's own record of what it signed in agreement. Every checkpoint is
 * written to {@code log/checkpoint} in the blob store (after its tiles and bundles, before the
 * database commit and before anyone sees it), so the blob store always knows the newest signed
 * checkpoint even when the database does not. On start (before the server takes requests) and
 * whenever the sequencer finds the two apart, this compares them:
 *
 * <ul>
 *   <li>the database lacks signed entries (it lost its newest commits, or was restored from an
 *       older backup): they are read from the entry bundles, checked against the signed root, and
 *       re-applied through {@link EntryRestorer}, each at its signed index;
 *   <li>the blob store's copy is older or missing (written by an older version): it is brought
 *       forward once the tiles prove the database's checkpoint extends it;
 *   <li>anything else (another root at the same size, a database holding other entries at signed
 *       indices, tiles that do not give the signed root) is a {@link LogDivergedException} with
 *       the exact place: the server refuses to start, and never signs a checkpoint inconsistent
 *       with one it signed before.
 * </ul>
 */
@Component
public class LogRecovery implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

    private final LogEntries entries;
    private final LogTiles tiles;
    private final LogSigner signer;
    private final ObjectProvider<EntryRestorer> restorer;
    private final ObjectProvider<EarlierSigningKeys> earlierKeys;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public LogRecovery(
            LogEntries entries,
            LogTiles tiles,
            LogSigner signer,
            ObjectProvider<EntryRestorer> restorer,
            ObjectProvider<EarlierSigningKeys> earlierKeys,
            JdbcTemplate jdbc,
            TransactionTemplate transaction) {
        this.earlierKeys = earlierKeys;
        this.entries = entries;
        this.tiles = tiles;
        this.signer = signer;
        this.restorer = restorer;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Before the server takes requests: a log that cannot be reconciled stops the start here. */
    @Override
    public void afterSingletonsInstantiated() {
        reconcileNow();
    }

    /** Reconciles in a transaction of its own, under the log's writer lock. */
    public void reconcileNow() {
        transaction.executeWithoutResult(status -> {
            Sequencer.lockWriter(jdbc);
            reconcile();
        });
    }

    private EarlierSigningKeys earlierSigningKeys() {
        return earlierKeys == null
                ? EarlierSigningKeys.NONE
                : earlierKeys.getIfAvailable(() -> EarlierSigningKeys.NONE);
    }

    /**
     * The checkpoint kept beside the tiles, verified with the log's key. Only when that fails (once
     * per rotation, or on a replica left with an old key) is the operator key chain read: a
     * checkpoint signed by a key this server's key was handed over from still opens, and a server
     * whose own key was handed over is refused with {@link LogUnavailableException}, so that it
     * signs nothing more.
     */
    Optional<Checkpoint> signedInStore() {
        return tiles.signedCheckpoint().map(note -> {
            ProtocolException ownKeyFailed;
            try {
                return Checkpoint.open(note, signer.verifierKey()).checkpoint();
            } catch (ProtocolException e) {
                ownKeyFailed = e;
            }
            EarlierSigningKeys chain = earlierSigningKeys();
            Optional<String> handedOver = chain.ownKeyHandedOver();
            if (handedOver.isPresent()) {
                // A replica left running with the old key after a rotation: what it signed now,
                // every client would refuse.
                throw new LogUnavailableException(handedOver.get() + ". Nothing was committed");
            }
            for (PublicKey key : chain.earlierKeys().reversed()) {
                try {
                    return Checkpoint.open(note, signer.verifierKeyOf(key)).checkpoint();
                } catch (ProtocolException e) {
                    // Not this one either.
                }
            }
            throw new LogDivergedException("the log's checkpoint in the blob store (log/checkpoint) is not a"
                    + " checkpoint of this log signed by its key "
                    + signer.verifierKey().keyName() + ": "
                    + ownKeyFailed.getMessage());
        });
    }

    /**
     * Whether the database's newest checkpoint is exactly the one kept beside the tiles: the
     * sequencer signs only then. The caller holds the writer lock.
     */
    boolean inAgreement(Optional<StoredCheckpoint> latest) {
        Optional<Checkpoint> stored = signedInStore();
        if (stored.isEmpty() || latest.isEmpty()) {
            return stored.isEmpty() && latest.isEmpty();
        }
        return stored.get().size() == latest.get().size()
                && Arrays.equals(stored.get().rootHash(), latest.get().rootHash());
    }

    /** The caller holds the writer lock, in a transaction. */
    void reconcile() {
        Optional<Checkpoint> stored = signedInStore();
        Optional<StoredCheckpoint> latest = entries.latestCheckpoint();
        if (stored.isEmpty()) {
            latest.ifPresent(this::keepBesideTiles);
            return;
        }
        Checkpoint signed = stored.get();
        long databaseSize = latest.map(StoredCheckpoint::size).orElse(-1L);
        if (databaseSize == signed.size()) {
            if (!Arrays.equals(latest.get().rootHash(), signed.rootHash())) {
                throw new LogDivergedException("the database's checkpoint of size " + signed.size() + " has root "
                        + hex(latest.get().rootHash()) + " but the log signed root " + hex(signed.rootHash())
                        + " at that size (log/checkpoint in the blob store): this database does not belong to"
                        + " this log's blob store");
            }
            return;
        }
        if (databaseSize > signed.size()) {
            requireConsistent(signed.size(), signed.rootHash(), latest.get(), "the blob store's log/checkpoint");
            log.warn(
                    "log/checkpoint in the blob store was at size {}, the database at {}; bringing it forward",
                    signed.size(),
                    databaseSize);
            keepBesideTiles(latest.get());
            return;
        }
        restore(latest, signed, tiles.signedCheckpoint().orElseThrow());
    }

    /** The database lost signed entries: put them back from the bundles, each at its index. */
    private void restore(Optional<StoredCheckpoint> latest, Checkpoint signed, byte[] note) {
        long from = latest.map(StoredCheckpoint::size).orElse(0L);
        if (latest.isPresent() && from > 0) {
            TileHashReader stored = new TileHashReader(signed.size(), tiles);
            try {
                List<byte[]> proof = MerkleProofs.consistencyProof(from, signed.size(), stored);
                MerkleProofs.verifyConsistency(
                        from, signed.size(), proof, latest.get().rootHash(), signed.rootHash());
            } catch (LogException e) {
                throw new LogDivergedException("the database's newest checkpoint (size " + from + ") is not a prefix"
                        + " of the checkpoint of size " + signed.size() + " the log signed (log/checkpoint in the"
                        + " blob store): " + e.getMessage());
            }
        }
        List<byte[]> lost = bundleEntries(from, signed.size());
        TileWriter writer = from == 0 ? TileWriter.create() : TileWriter.resume(from, tiles);
        writer.append(lost);
        byte[] root = writer.rootHash();
        if (!Arrays.equals(root, signed.rootHash())) {
            throw new LogDivergedException("the entry bundles for log indices " + from + ".." + (signed.size() - 1)
                    + " do not give the root the log signed at size " + signed.size());
        }
        log.warn(
                "The database lacks {} entries the log signed (indices {}..{}): restoring them from the entry bundles",
                lost.size(),
                from,
                signed.size() - 1);
        EntryRestorer restore =
                restorer == null ? EntryRestorer.NONE : restorer.getIfAvailable(() -> EntryRestorer.NONE);
        int restored = 0;
        for (int i = 0; i < lost.size(); i++) {
            long index = from + i;
            byte[] entry = lost.get(i);
            Optional<LogEntries.Stored> atIndex = entries.atIndex(index);
            if (atIndex.isPresent()) {
                if (!Arrays.equals(atIndex.get().entry(), entry)) {
                    throw new LogDivergedException(
                            "the database holds record " + atIndex.get().recordId() + " at log index " + index
                                    + ", but the log signed another entry there");
                }
                continue;
            }
            String recordId = restore.recordIdOf(entry);
            Optional<LogEntries.Stored> byRecord = entries.byRecordId(recordId);
            if (byRecord.isEmpty()) {
                try {
                    restore.restore(entry);
                } catch (RuntimeException e) {
                    throw new LogDivergedException("record " + recordId + " at log index " + index
                            + " cannot be restored into the database: " + e.getMessage());
                }
                restored++;
                byRecord = entries.byRecordId(recordId);
                if (byRecord.isEmpty()) {
                    throw new LogDivergedException("restoring record " + recordId + " added no log entry");
                }
            }
            LogEntries.Stored row = byRecord.get();
            if (row.index() != null) {
                throw new LogDivergedException("record " + recordId + " is at log index " + row.index()
                        + " in the database but at " + index + " in the signed log");
            }
            if (!Arrays.equals(row.entry(), entry)) {
                throw new LogDivergedException("the database holds other bytes for record " + recordId
                        + " than the signed log's entry " + index);
            }
            entries.assign(row.seq(), index);
        }
        entries.saveCheckpoint(signed.size(), signed.rootHash(), note);
        log.warn(
                "Restored {} records; the database is back at the signed checkpoint of size {}",
                restored,
                signed.size());
    }

    /** Entries {@code [from, to)} as the bundles of a tree of size {@code to} hold them. */
    private List<byte[]> bundleEntries(long from, long to) {
        List<byte[]> out = new ArrayList<>();
        long width = TileResource.FULL_WIDTH;
        for (long bundle = from / width; bundle * width < to; bundle++) {
            long end = Math.min(to, (bundle + 1) * width);
            EntryBundleId id = new EntryBundleId(bundle, (int) (end - bundle * width));
            List<byte[]> held;
            try {
                held = Tiles.decodeBundle(id, tiles.read(id));
            } catch (LogException e) {
                throw new LogDivergedException(
                        "the signed log's entry bundle " + id.path() + " cannot be read: " + e.getMessage());
            }
            for (int i = 0; i < held.size(); i++) {
                long index = bundle * width + i;
                if (index >= from && index < to) {
                    out.add(held.get(i));
                }
            }
        }
        return out;
    }

    private void requireConsistent(long oldSize, byte[] oldRoot, StoredCheckpoint newer, String what) {
        TileHashReader stored = new TileHashReader(newer.size(), tiles);
        try {
            if (!Arrays.equals(MerkleProofs.rootHash(newer.size(), stored), newer.rootHash())) {
                throw new LogDivergedException("the stored tiles do not give the root of the database's checkpoint"
                        + " of size " + newer.size());
            }
            if (oldSize > 0) {
                List<byte[]> proof = MerkleProofs.consistencyProof(oldSize, newer.size(), stored);
                MerkleProofs.verifyConsistency(oldSize, newer.size(), proof, oldRoot, newer.rootHash());
            }
        } catch (LogException e) {
            throw new LogDivergedException("the database's checkpoint of size " + newer.size() + " does not extend "
                    + what + " of size " + oldSize + ": " + e.getMessage());
        }
    }

    /** A log signed before its checkpoint was kept beside the tiles: keep it there from now on. */
    private void keepBesideTiles(StoredCheckpoint latest) {
        if (latest.size() > 0) {
            requireConsistent(0, null, latest, "nothing");
        }
        tiles.saveSignedCheckpoint(latest.note());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
