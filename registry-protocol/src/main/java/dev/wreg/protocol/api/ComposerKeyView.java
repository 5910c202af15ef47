package dev.wreg.protocol.api;

/**
 * {@code GET /v1/composer}: the registry composer's public key, which a package owner grants
 * {@code release} to let the registry publish compositions; {@code null} members when the registry
 * has no composer key.
 */
public record ComposerKeyView(String key, String keyId) {}
