package dev.wreg.validator.publishpolicy;

import java.util.List;

/**
 * What a namespace accepts on publish.
 *
 * @param maxBytes largest accepted binary
 * @param maxNesting deepest nesting of components inside components
 * @param maxImports most top-level imports
 * @param maxExports most top-level exports
 * @param maxCoreModules most core modules (at any depth)
 * @param allowedImports import name patterns allowed; empty means every import is allowed
 * @param deniedImports import name patterns refused, checked after {@code allowedImports}; a
 *     pattern is an import name where {@code *} matches any run of characters and a missing
 *     {@code @version} matches every version (e.g. {@code wasi:sockets/*})
 */
public record PublishPolicy(
        long maxBytes,
        int maxNesting,
        int maxImports,
        int maxExports,
        int maxCoreModules,
        List<String> allowedImports,
        List<String> deniedImports) {

    public PublishPolicy {
        allowedImports = List.copyOf(allowedImports);
        deniedImports = List.copyOf(deniedImports);
    }

    /** Generous limits and no import rules. */
    public static PublishPolicy defaults() {
        return new PublishPolicy(100L * 1024 * 1024, 16, 1000, 1000, 1000, List.of(), List.of());
    }

    public PublishPolicy withDeniedImports(List<String> patterns) {
        return new PublishPolicy(
                maxBytes, maxNesting, maxImports, maxExports, maxCoreModules, allowedImports, patterns);
    }

    public PublishPolicy withAllowedImports(List<String> patterns) {
        return new PublishPolicy(maxBytes, maxNesting, maxImports, maxExports, maxCoreModules, patterns, deniedImports);
    }

    public PublishPolicy withMaxBytes(long bytes) {
        return new PublishPolicy(
                bytes, maxNesting, maxImports, maxExports, maxCoreModules, allowedImports, deniedImports);
    }

    public PublishPolicy withMaxNesting(int depth) {
        return new PublishPolicy(
                maxBytes, depth, maxImports, maxExports, maxCoreModules, allowedImports, deniedImports);
    }
}
