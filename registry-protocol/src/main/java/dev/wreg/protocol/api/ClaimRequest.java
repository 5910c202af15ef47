package dev.wreg.protocol.api;

import java.util.List;

/** {@code POST /v1/namespaces}: claim a namespace for owner keys (their text forms). */
public record ClaimRequest(String namespace, List<String> owners) {}
