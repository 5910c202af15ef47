/**
 * Keys and signatures: Ed25519 (the default) and ECDSA P-256 with SHA-256, their text forms
 * ({@code ed25519:…}, {@code ecdsa-p256:…}) and key IDs ({@code sha256:} of the public key
 * text). Built on BouncyCastle's lightweight API. Errors carry {@code invalid-key} or
 * {@code invalid-key-id}.
 */
package dev.wreg.protocol.crypto;
