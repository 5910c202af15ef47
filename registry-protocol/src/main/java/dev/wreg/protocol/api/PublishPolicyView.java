package dev.wreg.protocol.api;

import java.util.List;

/**
 * {@code GET /v1/namespaces/{namespace}/policy}: the rules a release in the namespace is checked
 * against, so that a client runs the registry's release check before it uploads anything.
 *
 * @param maxBytes the largest release accepted (the namespace's limit, capped by the blob limit)
 * @param semver whether the version bump must cover the WIT changes since the previous release
 */
public record PublishPolicyView(
        String namespace,
        long maxBytes,
        int maxNesting,
        int maxImports,
        int maxExports,
        int maxCoreModules,
        List<String> allowedImports,
        List<String> deniedImports,
        boolean semver) {}
