package dev.wreg.protocol.api;

/** {@code GET /v1/operator}: the operator's public key, in its text form. */
public record OperatorKeyView(String key) {}
