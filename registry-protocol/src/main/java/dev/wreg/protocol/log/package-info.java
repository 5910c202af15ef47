/**
 * The transparency log: RFC 6962/9162 Merkle hashing and proofs, and the C2SP formats wreg speaks
 * so that any tlog-tiles monitor, witness or mirror can audit a wreg log unchanged.
 *
 * <ul>
 *   <li>{@link dev.wreg.protocol.log.MerkleHasher}: leaf and node hashes, tree hashes;
 *       {@link dev.wreg.protocol.log.MerkleProofs}: inclusion and consistency proofs, generated from
 *       a {@link dev.wreg.protocol.log.HashReader} and verified with the RFC 9162 algorithms.
 * </ul>
 *
 * <p>Every failure is a {@link dev.wreg.protocol.log.LogException} with a stable code. The formats
 * as implemented are described in {@code docs/transparency-log.md}.
 */
package dev.wreg.protocol.log;
