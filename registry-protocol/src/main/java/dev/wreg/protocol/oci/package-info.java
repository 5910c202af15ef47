/**
 * The OCI JSON that wreg serves and reads: image manifests, descriptors, image indexes, the CNCF
 * Wasm artifact config ({@code application/vnd.wasm.config.v0+json}) and tag lists. They live here,
 * not in the server, because both sides need them: the registry writes them and {@code wreg verify
 * --oci} reads them. Writing is deterministic (fixed key order, annotations sorted), so the same
 * value always gives the same bytes and digest; reading ignores unknown fields, as the OCI image
 * spec requires, but refuses duplicate keys and wrong types.
 */
package dev.wreg.protocol.oci;
