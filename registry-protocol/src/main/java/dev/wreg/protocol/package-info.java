/**
 * The wreg protocol core: what the registry, the CLI and third-party verifiers agree on.
 *
 * <p>Sub-packages: {@code name} (package names), {@code version} (SemVer versions and cargo-style
 * requirements), {@code crypto} (Ed25519 and ECDSA P-256 keys), {@code digest} (sha256 digests),
 * {@code dsse} (signed envelopes), {@code record} (package and operator records and the
 * package-log state machine), {@code log} (the transparency log's formats), {@code api} (the REST
 * API's request and answer bodies and its problem documents). Every refusal is a {@link dev.wreg.protocol.ProtocolException}
 * carrying a stable code.
 */
package dev.wreg.protocol;
