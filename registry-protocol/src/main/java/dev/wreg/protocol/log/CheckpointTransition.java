package dev.wreg.protocol.log;

import java.util.Arrays;
import java.util.List;

/**
 * What a client concludes when a verified checkpoint arrives after the last one it trusted for the
 * same log: the log may only grow, and only by appending. Any other outcome is an error whose code
 * says which: {@code log-rollback} for a smaller tree, {@code log-fork} for a different history
 * (same size and another root, or a failing consistency proof).
 */
public final class CheckpointTransition {
    /** The accepted outcomes. */
    public enum Kind {
        /** Same size and same root: nothing new. */
        UNCHANGED,
        /** A larger tree that provably extends the last one. */
        EXTENDED
    }

    private CheckpointTransition() {}

    /**
     * Checks that {@code next} may replace {@code last}, given the consistency proof from {@code
     * last.size()} to {@code next.size()} (ignored when the sizes are equal or {@code last} is empty).
     *
     * @throws LogException {@code wrong-origin}, {@code log-rollback}, {@code log-fork}, or {@code
     *     malformed-checkpoint} for an empty tree with a root other than SHA-256("")
     */
    public static Kind verify(Checkpoint last, Checkpoint next, List<byte[]> consistencyProof) {
        if (!last.origin().equals(next.origin())) {
            throw new LogException(
                    LogException.WRONG_ORIGIN,
                    "checkpoints of two different logs: " + last.origin() + " and " + next.origin());
        }
        for (Checkpoint cp : List.of(last, next)) {
            if (cp.size() == 0 && !Arrays.equals(cp.rootHash(), MerkleHasher.emptyRoot())) {
                throw new LogException(
                        LogException.MALFORMED_CHECKPOINT, "an empty tree must have the root SHA-256(\"\")");
            }
        }
        if (next.size() < last.size()) {
            throw new LogException(
                    LogException.ROLLBACK,
                    "log " + next.origin() + " went back from size " + last.size() + " to " + next.size());
        }
        if (next.size() == last.size()) {
            if (!Arrays.equals(next.rootHash(), last.rootHash())) {
                throw new LogException(
                        LogException.FORK, "log " + next.origin() + " has two different roots for size " + next.size());
            }
            return Kind.UNCHANGED;
        }
        if (last.size() == 0) {
            return Kind.EXTENDED; // the empty tree is a prefix of every tree
        }
        try {
            MerkleProofs.verifyConsistency(
                    last.size(), next.size(), consistencyProof, last.rootHash(), next.rootHash());
        } catch (LogException e) {
            throw new LogException(
                    LogException.FORK,
                    "log " + next.origin() + " at size " + next.size() + " does not extend size " + last.size() + ": "
                            + e.getMessage(),
                    e);
        }
        return Kind.EXTENDED;
    }
}
