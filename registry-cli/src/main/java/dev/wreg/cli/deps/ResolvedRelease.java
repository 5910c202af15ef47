package dev.wreg.cli.deps;

import dev.wreg.engine.wit.component.ComponentInterfaces;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.nio.file.Path;

/**
 * A release pinned and checked: its signed digest and size, the log index of the record that
 * released it, the size of the checkpoint that record was proven under, and its bytes in the
 * cache (already matched against the digest).
 *
 * @param interfaces what its component imports and exports; null when its WIT cannot be read
 */
public record ResolvedRelease(
        PackageName name,
        Version version,
        Digest digest,
        long size,
        long logIndex,
        long checkpointSize,
        Path blob,
        ComponentInterfaces interfaces) {

    public String label() {
        return name + "@" + version;
    }
}
