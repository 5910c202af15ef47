package dev.wreg.server.keys;

import dev.wreg.protocol.log.Ed25519Cosigner;
import java.util.Optional;

/**
 * The witness's own cosigning key, deliberately not the operator key: a witness vouches for other
 * logs, and its key must not be able to sign this log's checkpoints. Absent when this server is no
 * witness.
 */
public record WitnessKey(Optional<Ed25519Cosigner> cosigner) {}
