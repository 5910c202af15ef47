package dev.wreg.server.compose;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.version.Version;

/**
 * An input found and read: the release it is ({@code pkg} and {@code version} null for a blob
 * given by digest), the digest its bytes were checked against, and the bytes.
 */
record ResolvedInput(String role, String requested, PackageName pkg, Version version, Digest content, byte[] bytes) {

    /** The name the composer shows in its wiring table and messages. */
    String displayName() {
        return pkg == null ? content.toString().substring(0, "sha256:".length() + 12) : pkg + "@" + version;
    }

    Composition.Input provenance() {
        return new Composition.Input(role, pkg, version, content);
    }
}
