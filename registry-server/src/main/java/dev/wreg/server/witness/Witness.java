package dev.wreg.server.witness;

import dev.wreg.protocol.log.AddCheckpointRequest;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.Ed25519Cosigner;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.Note;
import dev.wreg.protocol.log.NoteSignature;
import dev.wreg.protocol.log.NoteVerifier;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.server.keys.WitnessKey;
import dev.wreg.server.refusal.Refusal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The witness rules of c2sp.org/tlog-witness {@code add-checkpoint}: a checkpoint of a configured
 * log, signed by that log, that provably extends the last checkpoint this witness cosigned for it
 * (and names that checkpoint's size as its old size) is cosigned, and the new state is stored by
 * compare-and-swap before the cosignature leaves. Everything else is refused with the status the
 * specification gives.
 */
@Service
public class Witness {

    /** Refusal codes, in problem+json {@code code}. */
    public static final String UNKNOWN_LOG = "unknown-log";

    public static final String UNTRUSTED_CHECKPOINT = "untrusted-checkpoint";
    public static final String INCONSISTENT_CHECKPOINT = "inconsistent-checkpoint";

    /** CAS losses are retried against the fresh state this many times before answering 409. */
    private static final int CAS_ATTEMPTS = 4;

    /** What the witness answers. */
    public sealed interface Outcome {
        /** 200: the cosignature line(s). */
        record Cosigned(List<NoteSignature> cosignatures) implements Outcome {
            public Cosigned {
                cosignatures = List.copyOf(cosignatures);
            }

            public String body() {
                StringBuilder out = new StringBuilder();
                cosignatures.forEach(s -> out.append(s.line()));
                return out.toString();
            }
        }

        /** 409: the old size is not the size the witness last cosigned, which is {@code size}. */
        record Conflict(long size, String reason) implements Outcome {}

        /** Any other refusal, with its kind. */
        record Refused(Refusal.Kind kind, String code, String reason) implements Outcome {}
    }

    private final Optional<Ed25519Cosigner> cosigner;
    private final Map<String, List<NoteVerifier>> logKeysByOrigin;
    private final WitnessStates states;
    private final Clock clock;

    public Witness(WitnessKey key, WitnessProperties properties, WitnessStates states, Clock clock) {
        this.cosigner = key.cosigner();
        this.states = states;
        this.clock = clock;
        Map<String, List<NoteVerifier>> byOrigin = new HashMap<>();
        for (WitnessProperties.WitnessedLog log : properties.logs()) {
            VerifierKey vkey;
            try {
                vkey = VerifierKey.parse(log.vkey() == null ? "" : log.vkey().strip());
            } catch (LogException e) {
                throw new IllegalStateException("wreg.witness.logs: bad vkey " + log.vkey() + ": " + e.getMessage());
            }
            if (vkey.type() != VerifierKey.TYPE_ED25519) {
                throw new IllegalStateException(
                        "wreg.witness.logs: " + vkey.keyName() + " is not an Ed25519 log key (type 0x01)");
            }
            byOrigin.computeIfAbsent(vkey.keyName(), o -> new ArrayList<>()).add(vkey.verifier());
        }
        byOrigin.replaceAll((origin, keys) -> List.copyOf(keys));
        this.logKeysByOrigin = Map.copyOf(byOrigin);
    }

    /** The witness's verifier key (type 0x04), if this server is a witness. */
    public Optional<VerifierKey> verifierKey() {
        return cosigner.map(Ed25519Cosigner::verifierKey);
    }

    /** Handles one add-checkpoint request body. */
    public Outcome addCheckpoint(byte[] body) {
        AddCheckpointRequest request;
        Note note;
        Checkpoint checkpoint;
        try {
            request = AddCheckpointRequest.parse(body);
            note = Note.parse(request.checkpoint());
            checkpoint = Checkpoint.parse(note.text());
        } catch (LogException e) {
            return new Outcome.Refused(Refusal.Kind.INVALID, e.code(), e.getMessage());
        }
        List<NoteVerifier> logKeys = logKeysByOrigin.get(checkpoint.origin());
        if (logKeys == null || cosigner.isEmpty()) {
            return new Outcome.Refused(
                    Refusal.Kind.NOT_FOUND,
                    UNKNOWN_LOG,
                    "this witness does not witness the log " + checkpoint.origin());
        }
        try {
            note.verify(logKeys);
        } catch (LogException e) {
            return new Outcome.Refused(Refusal.Kind.FORBIDDEN, UNTRUSTED_CHECKPOINT, e.getMessage());
        }
        if (request.oldSize() > checkpoint.size()) {
            return new Outcome.Refused(
                    Refusal.Kind.INVALID,
                    LogException.MALFORMED_WITNESS_REQUEST,
                    "old size " + request.oldSize() + " is larger than the checkpoint size " + checkpoint.size());
        }
        if (checkpoint.size() == 0 && !Arrays.equals(checkpoint.rootHash(), MerkleHasher.emptyRoot())) {
            return unprocessable("an empty tree must have the root SHA-256(\"\")");
        }
        if (request.oldSize() == 0 && !request.consistencyProof().isEmpty()) {
            return unprocessable("a consistency proof from size 0 must be empty");
        }
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Optional<WitnessState> state = states.find(checkpoint.origin());
            long current = state.map(WitnessState::size).orElse(0L);
            if (request.oldSize() != current) {
                return new Outcome.Conflict(
                        current, "old size " + request.oldSize() + " is not the last cosigned size " + current);
            }
            if (request.oldSize() == checkpoint.size()) {
                byte[] currentRoot = state.map(WitnessState::rootHash).orElseGet(MerkleHasher::emptyRoot);
                if (!Arrays.equals(currentRoot, checkpoint.rootHash())) {
                    // The log signed two roots for one size: the spec answers 409, and it is never cosigned.
                    return new Outcome.Conflict(
                            current, "the log already showed another root for size " + checkpoint.size());
                }
            } else if (request.oldSize() > 0) {
                try {
                    MerkleProofs.verifyConsistency(
                            request.oldSize(),
                            checkpoint.size(),
                            request.consistencyProof(),
                            state.orElseThrow().rootHash(),
                            checkpoint.rootHash());
                } catch (LogException e) {
                    return unprocessable("the consistency proof from size " + request.oldSize() + " does not verify: "
                            + e.getMessage());
                }
            }
            WitnessState next = new WitnessState(checkpoint.size(), checkpoint.rootHash());
            if (states.compareAndSet(checkpoint.origin(), state, next, request.checkpoint())) {
                long now = clock.instant().getEpochSecond();
                return new Outcome.Cosigned(List.of(cosigner.get().cosign(checkpoint, now)));
            }
            // Another request moved the state in between: judge this one again against what won.
        }
        long current = states.find(checkpoint.origin()).map(WitnessState::size).orElse(0L);
        return new Outcome.Conflict(current, "the witness state kept changing; retry from size " + current);
    }

    private static Outcome unprocessable(String reason) {
        return new Outcome.Refused(Refusal.Kind.UNPROCESSABLE, INCONSISTENT_CHECKPOINT, reason);
    }
}
