package dev.wreg.protocol.api;

/** A stored blob, as {@code PUT /v1/blobs/{digest}} answers it. */
public record BlobView(String digest, long size) {}
