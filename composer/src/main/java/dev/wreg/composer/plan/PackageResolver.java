package dev.wreg.composer.plan;

import dev.wreg.composer.CompositionException;
import java.util.Objects;

/**
 * Finds the component a plan instantiates: {@code ns:pkg} at a version matching a requirement.
 * Implementations: {@link DepsDirectoryResolver} (wac's {@code deps/} layout) and, in the CLI and
 * server, one backed by the registry. A package that does not exist throws a {@link
 * CompositionException} with code {@code unknown-package}; a package without a matching version
 * throws {@code unknown-version} — so {@link #orElse} can fall through to the next resolver.
 */
@FunctionalInterface
public interface PackageResolver {

    /**
     * @param packageName {@code ns:pkg}
     * @param requirement the text after {@code @} in the plan (a version or a cargo-style
     *     requirement), or null for "the latest"
     */
    ResolvedPackage resolve(String packageName, String requirement);

    /** The resolved component and the exact version chosen (null when the source has none). */
    record ResolvedPackage(String packageName, String version, byte[] bytes) {
        public ResolvedPackage {
            Objects.requireNonNull(packageName, "packageName");
            Objects.requireNonNull(bytes, "bytes");
        }

        /** {@code ns:pkg@version}, or {@code ns:pkg} when unversioned. */
        public String display() {
            return version == null ? packageName : packageName + "@" + version;
        }
    }

    /** Tries this resolver, then {@code next} when this one does not know the package at all. */
    default PackageResolver orElse(PackageResolver next) {
        return (name, requirement) -> {
            try {
                return resolve(name, requirement);
            } catch (CompositionException e) {
                if (e.code().equals("unknown-package")) {
                    return next.resolve(name, requirement);
                }
                throw e;
            }
        };
    }

    /** Resolves nothing: every package is unknown. */
    static PackageResolver none() {
        return (name, requirement) -> {
            throw unknownPackage(name);
        };
    }

    static CompositionException unknownPackage(String name) {
        return new CompositionException("unknown-package", "unknown package `" + name + "`");
    }

    static CompositionException unknownVersion(String name, String requirement) {
        return new CompositionException(
                "unknown-version", "version " + requirement + " of package `" + name + "` does not exist");
    }
}
