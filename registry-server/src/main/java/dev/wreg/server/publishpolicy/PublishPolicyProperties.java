package dev.wreg.server.publishpolicy;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Publish policy under {@code wreg.policy.*}: the rules every namespace gets, and per-namespace
 * overrides under {@code wreg.policy.namespaces.<namespace>.*} (a rule left unset there falls back
 * to the top-level one, which falls back to {@link dev.wreg.validator.publishpolicy.PublishPolicy#defaults()}).
 *
 * <pre>
 * wreg.policy.denied-imports=wasi:sockets/*
 * wreg.policy.namespaces.acme.allowed-imports=wasi:cli/*,wasi:io/*
 * wreg.policy.namespaces.acme.allow-breaking-minor=true
 * wreg.policy.namespaces.acme.max-size=10MB
 * wreg.policy.namespaces.acme.max-pending-uploads=20
 * </pre>
 *
 * @param maxSize largest component (never above {@code wreg.limits.max-blob-size}, which the
 *     upload already enforces); an upload that names the namespace ({@code PUT
 *     /v1/blobs/{digest}?namespace=acme}) is held to it too, so it is refused before anything is
 *     stored
 * @param maxNesting deepest nesting of components inside components
 * @param maxImports most top-level imports
 * @param maxExports most top-level exports
 * @param maxCoreModules most core modules, at any depth
 * @param allowedImports import patterns allowed ({@code *} matches any run of characters, a
 *     pattern without {@code @version} matches every version); unset or empty allows every import
 * @param deniedImports import patterns refused, e.g. {@code wasi:sockets/*}
 * @param allowBreakingMinor accept a release whose version bump is smaller than its WIT changes
 * @param maxPendingUploads most blobs one token may have uploaded for the namespace that no release
 *     references yet (and that are younger than {@code wreg.uploads.orphan-grace}); a further
 *     upload is refused with 403 {@code too-many-pending-uploads} until some are published or
 *     reclaimed. Default {@value #DEFAULT_MAX_PENDING_UPLOADS}; 0 turns the limit off
 * @param namespaces overrides by namespace
 */
@ConfigurationProperties("wreg.policy")
public record PublishPolicyProperties(
        DataSize maxSize,
        Integer maxNesting,
        Integer maxImports,
        Integer maxExports,
        Integer maxCoreModules,
        List<String> allowedImports,
        List<String> deniedImports,
        Boolean allowBreakingMinor,
        Integer maxPendingUploads,
        Map<String, Rules> namespaces) {

    /** Enough for a workspace publishing a few dozen components at once; a junk flood stops there. */
    public static final int DEFAULT_MAX_PENDING_UPLOADS = 100;

    public PublishPolicyProperties {
        namespaces = namespaces == null ? Map.of() : Map.copyOf(namespaces);
    }

    /** One namespace's overrides; null means "as the top level says". */
    public record Rules(
            DataSize maxSize,
            Integer maxNesting,
            Integer maxImports,
            Integer maxExports,
            Integer maxCoreModules,
            List<String> allowedImports,
            List<String> deniedImports,
            Boolean allowBreakingMinor,
            Integer maxPendingUploads) {}

    Rules topLevel() {
        return new Rules(
                maxSize,
                maxNesting,
                maxImports,
                maxExports,
                maxCoreModules,
                allowedImports,
                deniedImports,
                allowBreakingMinor,
                maxPendingUploads);
    }
}
