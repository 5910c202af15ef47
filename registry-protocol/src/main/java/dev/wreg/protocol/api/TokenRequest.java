package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code POST /v1/tokens}: the scopes, package patterns, expiry and description of a new token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRequest(List<String> scopes, List<String> packages, Instant expiresAt, String description) {}
