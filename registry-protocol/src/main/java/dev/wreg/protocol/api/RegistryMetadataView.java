package dev.wreg.protocol.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code GET /.well-known/wasm-pkg/registry.json}: the wasm-pkg-tools registry metadata, which
 * tells wkg that this registry speaks OCI, at which {@code host[:port]} and with which namespace
 * prefix. {@code ociRegistry} and {@code ociNamespacePrefix} repeat them under the keys older wkg
 * versions read.
 */
@JsonPropertyOrder({"preferredProtocol", "oci", "ociRegistry", "ociNamespacePrefix"})
public record RegistryMetadataView(String preferredProtocol, Oci oci, String ociRegistry, String ociNamespacePrefix) {

    /** The {@code oci} protocol's settings. */
    @JsonPropertyOrder({"registry", "namespacePrefix"})
    public record Oci(String registry, String namespacePrefix) {}

    public static RegistryMetadataView oci(String registry, String namespacePrefix) {
        return new RegistryMetadataView("oci", new Oci(registry, namespacePrefix), registry, namespacePrefix);
    }
}
