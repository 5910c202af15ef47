package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A release that provides (exports) or consumes (imports) an interface.
 *
 * @param pkg the package, {@code ns:name}
 * @param version the release
 * @param interfaceVersion the version of the interface the release uses (null when unversioned)
 * @param yanked whether the release is yanked
 * @param deprecated the release's deprecation message, or null
 */
public record InterfaceParty(
        @JsonProperty("package") String pkg,
        String version,
        String interfaceVersion,
        boolean yanked,
        String deprecated) {}
