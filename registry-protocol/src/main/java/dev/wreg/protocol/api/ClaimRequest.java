package dev.wreg.protocol.api;

import java.util.List;

/**
 * {@code POST /v1/namespaces}: claim a namespace for owner keys (their text forms).
 *
 * @param signatures one per owner, in the same order: that key's signature of the claim
 *     ({@link dev.wreg.protocol.record.NamespaceClaim}, base64), proving its holder consents
 */
public record ClaimRequest(String namespace, List<String> owners, List<String> signatures) {}
