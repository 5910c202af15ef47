package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import java.util.Objects;

/** The result of a put: the blob's digest and size, and whether this put created it. */
public record StoredBlob(Digest digest, long size, boolean created) {
    public StoredBlob {
        Objects.requireNonNull(digest, "digest");
    }
}
