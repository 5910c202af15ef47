package dev.wreg.server.log;

import dev.wreg.protocol.log.TlogPolicy;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The log as its readers see it: the checkpoint it serves, the signed checkpoints a proof may be
 * asked against, and the inclusion proofs and cosignatures under them. The read API ({@link
 * LogController}) and the pages that browse the log ({@link LogExplorer}) both read through it, so
 * they serve the same checkpoint by the same rule.
 */
@Component
public class ServedLog {

    private final LogEntries entries;
    private final Sequencer sequencer;
    private final CheckpointWitnessing witnessing;
    private final LogCosignatures cosignatures;

    public ServedLog(
            LogEntries entries, Sequencer sequencer, CheckpointWitnessing witnessing, LogCosignatures cosignatures) {
        this.entries = entries;
        this.sequencer = sequencer;
        this.witnessing = witnessing;
        this.cosignatures = cosignatures;
    }

    /**
     * The newest published checkpoint: with its cosignatures, and meeting the quorum if required
     * (when none is published yet, the log integrates and signs one now).
     */
    public StoredCheckpoint latest() {
        return witnessing.published().orElseGet(sequencer::integrate);
    }

    /** The checkpoint the log signed at {@code size}, with its cosignatures; empty when it signed none. */
    public Optional<StoredCheckpoint> signedAt(long size) {
        return entries.checkpointAt(size).map(cosignatures::attach);
    }

    /** The newest checkpoint the log signed, as signed (without cosignatures); empty before the first. */
    public Optional<StoredCheckpoint> latestSigned() {
        return entries.latestCheckpoint();
    }

    /**
     * The size of the newest signed checkpoint (0 before the first): what the stored tiles are
     * final up to.
     */
    public long signedSize() {
        return latestSigned().map(StoredCheckpoint::size).orElse(0L);
    }

    /** The log index of a record's entry, once sequenced. */
    public Optional<Long> indexOf(String recordId) {
        return entries.indexOf(recordId);
    }

    /** The entry at a sequenced {@code index}: the record's signed envelope, byte for byte as logged. */
    public byte[] entry(long index) {
        return entries.indexedFrom(index, 1).getFirst().entry();
    }

    /** The inclusion proof of entry {@code index} under {@code checkpoint}. */
    public Sequencer.Inclusion inclusion(long index, StoredCheckpoint checkpoint) {
        return sequencer.inclusion(index, checkpoint);
    }

    /** The witnesses' cosignatures of the checkpoint of {@code size}. */
    List<LogCosignatures.Cosigned> cosignaturesOf(long size) {
        return cosignatures.of(size);
    }

    /** The witness policy a served checkpoint is checked against, when the log has witnesses. */
    public Optional<TlogPolicy> witnessPolicy() {
        return witnessing.policy();
    }
}
