package dev.wreg.cli.compose;

import dev.wreg.composer.ComposeInput;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.version.Version;

/** An input read and verified: its bytes, and what the provenance of a published result says of it. */
record ResolvedSource(String role, String displayName, byte[] bytes, PackageName pkg, Version version, Digest content) {

    ComposeInput input() {
        return new ComposeInput(displayName, bytes);
    }

    Composition.Input provenance() {
        return new Composition.Input(role, pkg, version, content);
    }
}
