package dev.wreg.protocol.api;

import java.util.List;

/** {@code GET /v1/namespaces/{namespace}}: a claimed namespace and its owner keys. */
public record NamespaceView(String namespace, List<String> owners) {}
