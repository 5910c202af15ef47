/**
 * The transparency log: RFC 6962/9162 Merkle hashing and proofs, and the C2SP formats wreg speaks
 * so that any tlog-tiles monitor, witness or mirror can audit a wreg log unchanged.
 *
 * <ul>
 *   <li><b>Merkle trees.</b> {@link dev.wreg.protocol.log.MerkleHasher} (leaf, node and tree
 *       hashes); {@link dev.wreg.protocol.log.MerkleProofs} generates inclusion and consistency
 *       proofs from any {@link dev.wreg.protocol.log.HashReader} and verifies them with the RFC 9162
 *       algorithms and transparency-dev/merkle's error semantics.
 *   <li><b>Signed notes.</b> {@link dev.wreg.protocol.log.Note} (strict c2sp.org/signed-note parsing
 *       and verification), {@link dev.wreg.protocol.log.VerifierKey} (vkeys),
 *       {@link dev.wreg.protocol.log.Ed25519NoteSigner} (the log's key),
 *       {@link dev.wreg.protocol.log.Ed25519Cosigner} and
 *       {@link dev.wreg.protocol.log.CosignatureVerifier} (c2sp.org/tlog-cosignature v1).
 *   <li><b>Checkpoints.</b> {@link dev.wreg.protocol.log.Checkpoint} (c2sp.org/tlog-checkpoint),
 *       {@link dev.wreg.protocol.log.CheckpointTransition} (what a client accepts after its last
 *       trusted checkpoint: growth by appending only), {@link dev.wreg.protocol.log.TlogPolicy}
 *       (c2sp.org/tlog-policy: logs, witnesses, quorum), {@link dev.wreg.protocol.log.TlogProof}
 *       (c2sp.org/tlog-proof@v1 files), {@link dev.wreg.protocol.log.AddCheckpointRequest}
 *       (c2sp.org/tlog-witness request bodies).
 *   <li><b>Tiles.</b> {@link dev.wreg.protocol.log.TileId} and
 *       {@link dev.wreg.protocol.log.EntryBundleId} (c2sp.org/tlog-tiles paths),
 *       {@link dev.wreg.protocol.log.Tiles} (which tiles exist, byte formats),
 *       {@link dev.wreg.protocol.log.TileWriter} (builds every tile and bundle as entries are
 *       appended) and {@link dev.wreg.protocol.log.TileHashReader} (proofs from tiles).
 * </ul>
 *
 * <p>Every failure is a {@link dev.wreg.protocol.log.LogException} (a {@code ProtocolException})
 * with a stable code. The formats as implemented are described in {@code docs/transparency-log.md}.
 */
package dev.wreg.protocol.log;
