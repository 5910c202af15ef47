package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import java.util.Objects;

/** What the store knows about a stored blob. */
public record BlobInfo(Digest digest, long size) {
    public BlobInfo {
        Objects.requireNonNull(digest, "digest");
    }
}
