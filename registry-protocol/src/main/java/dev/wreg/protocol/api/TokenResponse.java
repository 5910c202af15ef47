package dev.wreg.protocol.api;

/** The token just issued: its id (to revoke it by) and the secret, shown this once. */
public record TokenResponse(String id, String token) {}
