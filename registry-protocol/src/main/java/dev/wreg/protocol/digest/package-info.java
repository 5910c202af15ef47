/**
 * Content digests ({@code sha256:<hex>}) for blobs, record IDs and chain links, and a streaming
 * hasher. Errors carry the code {@code invalid-digest}.
 */
package dev.wreg.protocol.digest;
