package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What the registry knows about a token, never its secret: {@code GET /v1/whoami} (the caller's
 * own) and the entries of {@code GET /v1/tokens}.
 *
 * @param packages the package patterns it is limited to ({@code ns:name}, {@code ns:*}); empty = any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(
        String id,
        String description,
        List<String> scopes,
        List<String> packages,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {}
