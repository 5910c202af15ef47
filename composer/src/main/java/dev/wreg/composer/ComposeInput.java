package dev.wreg.composer;

import java.util.Objects;

/** One input to a composition: a display name (usually the file stem) and the component bytes. */
public record ComposeInput(String name, byte[] bytes) {
    public ComposeInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
    }
}
