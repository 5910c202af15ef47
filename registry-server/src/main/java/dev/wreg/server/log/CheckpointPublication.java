package dev.wreg.server.log;

import dev.wreg.server.log.LogEntries.StoredCheckpoint;

/**
 * The step between signing a checkpoint and handing it out: collecting witness cosignatures
 * ({@link CheckpointWitnessing}) or nothing at all.
 */
@FunctionalInterface
public interface CheckpointPublication {

    /** Hands the signed checkpoint out unchanged: the log has no witnesses. */
    CheckpointPublication UNWITNESSED = signed -> signed;

    /**
     * The checkpoint to give out for a newly signed one, with whatever cosignatures it gathered.
     *
     * @throws dev.wreg.server.refusal.Refusal {@code UNAVAILABLE} when a required witness quorum cannot be met
     */
    StoredCheckpoint publish(StoredCheckpoint signed);
}
