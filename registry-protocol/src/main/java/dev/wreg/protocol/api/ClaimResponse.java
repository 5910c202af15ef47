package dev.wreg.protocol.api;

import java.util.List;

/** A namespace just claimed, and the operator record that says so. */
public record ClaimResponse(String namespace, List<String> owners, String recordId) {}
