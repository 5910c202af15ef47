package dev.wreg.server.log;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.Note;
import dev.wreg.protocol.log.TlogPolicy;
import dev.wreg.protocol.log.TlogProof;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.OperatorEntry;
import dev.wreg.protocol.record.SignedOperatorRecord;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.log.LogEntries.Indexed;
import dev.wreg.server.log.LogEntries.StoredCheckpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The log as a person browses it: the checkpoint the log serves, with the witnesses that cosigned
 * it; entries decoded into what they say; and an entry's inclusion proof against that
 * checkpoint, checked here exactly as a client would check it (audit path to the signed root,
 * the log's signature, and the witness policy's quorum when the log has one).
 */
@Service
public class LogExplorer {

    private final LogEntries entries;
    private final ServedLog log;
    private final LogSigner signer;

    public LogExplorer(LogEntries entries, ServedLog log, LogSigner signer) {
        this.entries = entries;
        this.log = log;
        this.signer = signer;
    }

    /** The checkpoint as served (its note, with cosignature lines), parsed, and who cosigned it. */
    public record Current(String note, Checkpoint checkpoint, List<Cosignature> cosignatures) {}

    /** A witness's cosignature: its name in the witness policy, when it came, its note lines. */
    public record Cosignature(String witness, Instant received, String lines) {}

    /**
     * A log entry decoded. {@code pkg} is null for operator records; {@code changes} has one line
     * per entry of the record; {@code signers} are key IDs.
     */
    public record DecodedEntry(
            long index,
            String kind,
            String pkg,
            List<String> changes,
            List<String> signers,
            Instant time,
            String recordId,
            String envelopeJson) {}

    /** An entry's inclusion proof under the served checkpoint, and what checking it found. */
    public record CheckedProof(long index, long checkpointSize, String proofText, boolean verified, String finding) {}

    public Current current() {
        StoredCheckpoint served = log.latest();
        String note = new String(served.note(), StandardCharsets.UTF_8);
        Checkpoint checkpoint = Checkpoint.parse(Note.parse(served.note()).text());
        List<Cosignature> cosigned = log.cosignaturesOf(served.size()).stream()
                .map(c -> new Cosignature(c.witness(), c.receivedAt(), c.signatures()))
                .toList();
        return new Current(note, checkpoint, cosigned);
    }

    /** Up to {@code limit} entries below index {@code before}, newest first. */
    public List<DecodedEntry> newest(long before, int limit) {
        return entries.newestBefore(before, limit).stream()
                .map(LogExplorer::decode)
                .toList();
    }

    public Optional<DecodedEntry> entry(long index) {
        if (index < 0) {
            return Optional.empty();
        }
        return entries.indexedFrom(index, 1).stream()
                .filter(e -> e.index() == index)
                .findFirst()
                .map(LogExplorer::decode);
    }

    /**
     * The proof that entry {@code index} is in the served checkpoint's tree, checked against the
     * entry's own bytes; empty when the checkpoint does not cover the entry yet.
     */
    public Optional<CheckedProof> inclusion(long index) {
        StoredCheckpoint served = log.latest();
        if (index < 0 || index >= served.size()) {
            return Optional.empty();
        }
        Indexed entry = entries.indexedFrom(index, 1).getFirst();
        TlogProof proof = log.inclusion(index, served).proof();
        String text = new String(proof.toBytes(), StandardCharsets.UTF_8);
        byte[] leaf = MerkleHasher.leafHash(entry.entry());
        try {
            Optional<TlogPolicy> policy = log.witnessPolicy();
            if (policy.isPresent()) {
                proof.verify(leaf, policy.get());
            } else {
                proof.verify(leaf, signer.verifierKey());
            }
            String witnesses = policy.isPresent() ? " and the witness policy's quorum" : "";
            return Optional.of(new CheckedProof(
                    index,
                    served.size(),
                    text,
                    true,
                    "Verified: the audit path leads from this entry's leaf hash to the root of the checkpoint of size "
                            + served.size() + ", signed by the log key " + signer.origin() + witnesses + "."));
        } catch (LogException e) {
            return Optional.of(
                    new CheckedProof(index, served.size(), text, false, "The proof did not verify: " + e.getMessage()));
        }
    }

    static DecodedEntry decode(Indexed indexed) {
        byte[] bytes = indexed.entry();
        String json = new String(bytes, StandardCharsets.UTF_8);
        try {
            Envelope envelope = Envelope.parse(bytes);
            List<String> signers =
                    envelope.signerKeyIds().stream().map(k -> k.value()).toList();
            if (Envelope.OPERATOR_RECORD_PAYLOAD_TYPE.equals(envelope.payloadType())) {
                SignedOperatorRecord operator = SignedOperatorRecord.of(envelope);
                List<String> changes = new ArrayList<>();
                for (OperatorEntry entry : operator.record().entries()) {
                    switch (entry) {
                        case OperatorEntry.Namespace ns ->
                            changes.add("claim namespace " + ns.namespace() + " for "
                                    + ns.owners().size() + (ns.owners().size() == 1 ? " owner key" : " owner keys"));
                        case OperatorEntry.KeyRotation rotation ->
                            changes.add("hand the operator role from "
                                    + rotation.previous().keyId().value() + " to "
                                    + rotation.next().keyId().value());
                    }
                }
                return new DecodedEntry(
                        indexed.index(),
                        "operator record",
                        null,
                        changes,
                        signers,
                        operator.record().time(),
                        operator.id().toString(),
                        json);
            }
            SignedRecord record = SignedRecord.of(envelope);
            List<String> changes = record.record().entries().stream()
                    .map(LogExplorer::describe)
                    .toList();
            return new DecodedEntry(
                    indexed.index(),
                    "package record",
                    record.record().pkg().toString(),
                    changes,
                    signers,
                    record.record().time(),
                    record.id().toString(),
                    json);
        } catch (ProtocolException | IllegalArgumentException e) {
            return new DecodedEntry(
                    indexed.index(),
                    "unreadable entry",
                    null,
                    List.of(e.getMessage() == null ? "not a record" : e.getMessage()),
                    List.of(),
                    null,
                    null,
                    Base64.getEncoder().encodeToString(bytes));
        }
    }

    /** {@code sha256:2a57703c7500…}: enough to tell keys apart in a table; pages link the full ID. */
    static String shortKey(String keyId) {
        int keep = "sha256:".length() + 12;
        return keyId.length() > keep ? keyId.substring(0, keep) + "…" : keyId;
    }

    static String describe(Entry entry) {
        return switch (entry) {
            case Entry.Init init ->
                "init (owner key " + shortKey(init.key().keyId().value()) + ")";
            case Entry.Grant grant ->
                "grant "
                        + String.join(
                                ", ",
                                grant.permissions().stream()
                                        .map(p -> p.jsonName())
                                        .toList()) + " to "
                        + shortKey(grant.key().keyId().value());
            case Entry.Revoke revoke ->
                "revoke "
                        + String.join(
                                ", ",
                                revoke.permissions().stream()
                                        .map(p -> p.jsonName())
                                        .toList()) + " from "
                        + shortKey(revoke.keyId().value());
            case Entry.Release release ->
                "release " + release.version() + (release.composition() == null ? "" : " (composed)");
            case Entry.Yank yank -> "yank " + yank.version();
            case Entry.Unyank unyank -> "unyank " + unyank.version();
            case Entry.Deprecate deprecate -> "deprecate " + deprecate.version();
        };
    }
}
