package dev.wreg.cli.log;

import dev.wreg.cli.CliException;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.Freshness;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.NoteSignature;
import dev.wreg.protocol.log.NoteVerifier;
import dev.wreg.protocol.log.TlogPolicy;
import dev.wreg.protocol.log.VerifiedCheckpoint;
import dev.wreg.protocol.log.VerifierKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The witness quorum every checkpoint the CLI accepts must meet, as a pinned c2sp.org/tlog-policy
 * sets it (tlog-anchors.md §5, CLI verification step 3): cosignatures from the policy's witnesses over that exact
 * checkpoint text must meet the quorum, and the newest of them must be recent.
 *
 * <p>Unlike {@link TlogPolicy#verify}, which refuses a whole note when a known witness's line does
 * not verify, the CLI ignores such a cosignature and recounts the quorum without it (attack #12):
 * one witness's broken or replayed line must not let a registry make every checkpoint unusable,
 * and it can never add to the count either.
 *
 * @param policy the parsed policy
 * @param source where it came from, for messages
 * @param allowStale whether {@code --allow-stale} was given: a stale log is then only a warning
 * @param installing whether the command installs (fetch), where a stale log is never accepted
 */
public record WitnessQuorum(TlogPolicy policy, String source, boolean allowStale, boolean installing) {

    /** The newest valid cosignature may be at most this old. */
    public static final Duration MAX_AGE = Duration.ofHours(24);
    /** No valid cosignature may be dated more than this in the future (clock skew). */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** Reads and parses a policy file; a missing or malformed file is a usage error. */
    public static TlogPolicy read(Path file) {
        try {
            return TlogPolicy.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw CliException.usage("the log policy " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log policy " + file, e);
        } catch (LogException e) {
            throw CliException.usage("the log policy " + file + " is not a tlog-policy: " + e.getMessage());
        }
    }

    /**
     * Checks a checkpoint whose log signature already verified with {@code logKey}; returns it
     * with the cosignatures that counted. Failures are integrity errors, so the caller stores
     * nothing.
     */
    public VerifiedCheckpoint check(
            VerifiedCheckpoint checkpoint, VerifierKey logKey, Instant now, Consumer<String> warnings) {
        requireListsLog(logKey);
        Checkpoint body = checkpoint.checkpoint();
        // The served note text itself, the bytes the witnesses signed (not a re-serialisation).
        byte[] text = checkpoint.note().note().text().getBytes(StandardCharsets.UTF_8);
        Set<String> cosignedBy = new LinkedHashSet<>();
        List<NoteSignature> counted = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (NoteSignature signature : checkpoint.note().note().signatures()) {
            for (TlogPolicy.Witness witness : policy.witnesses()) {
                VerifierKey key = witness.key();
                if (!key.keyName().equals(signature.keyName()) || key.keyId() != signature.keyId()) {
                    continue;
                }
                NoteVerifier verifier = key.verifier();
                if (verifier.verify(text, signature.signature())) {
                    cosignedBy.add(witness.name());
                    if (!counted.contains(signature)) {
                        counted.add(signature);
                    }
                } else {
                    invalid.add(witness.name());
                }
            }
        }
        String ignored = invalid.isEmpty() ? "" : "; ignored invalid cosignature(s) from " + String.join(", ", invalid);
        if (!policy.quorumMet(cosignedBy)) {
            throw CliException.integrity("the log checkpoint of " + body.origin() + " (size " + body.size()
                    + ") is cosigned by " + (cosignedBy.isEmpty() ? "no witness of the policy" : cosignedBy)
                    + ", which does not meet quorum " + policy.quorum() + " of the log policy " + source + ignored
                    + " [" + LogException.QUORUM_NOT_MET + "]");
        }
        if (!ignored.isEmpty()) {
            warnings.accept("wreg: warning: the log checkpoint" + ignored.substring(1) + " (quorum still met)");
        }
        VerifiedCheckpoint witnessed = new VerifiedCheckpoint(body, checkpoint.note(), counted);
        if (!policy.quorum().equals(TlogPolicy.NONE)) {
            try {
                Freshness.require(witnessed, now, MAX_AGE, MAX_SKEW);
            } catch (LogException e) {
                String message =
                        "the log " + body.origin() + " is not fresh: " + e.getMessage() + " [" + e.code() + "]";
                if (!allowStale) {
                    throw CliException.integrity(message);
                }
                if (installing) {
                    throw CliException.integrity(message + " (--allow-stale never applies to installs)");
                }
                warnings.accept("wreg: warning: " + message + "; accepted because of --allow-stale");
            }
        }
        return witnessed;
    }

    /** A policy that names logs must name the pinned one, or it is about another log. */
    private void requireListsLog(VerifierKey logKey) {
        if (policy.logs().isEmpty()) {
            return;
        }
        boolean listed = policy.logs().stream()
                .anyMatch(l -> l.key().keyName().equals(logKey.keyName())
                        && Arrays.equals(l.key().publicKey(), logKey.publicKey()));
        if (!listed) {
            throw CliException.integrity(
                    "the log policy " + source + " does not list the pinned log key " + logKey.text());
        }
    }
}
