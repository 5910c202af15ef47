package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import java.time.Instant;

/** A stored blob as the orphan sweeper lists it: its size and when its bytes were last written. */
public record BlobAge(Digest digest, long size, Instant written) {}
