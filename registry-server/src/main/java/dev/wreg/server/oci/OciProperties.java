package dev.wreg.server.oci;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code wreg.oci.*}.
 *
 * @param namespacePrefix put before {@code ns/name} in repository names (e.g. {@code wasm/}); empty
 *     by default, so {@code ns:name} is repository {@code ns/name}
 * @param uploadExpiry a blob upload not touched for this long is deleted with its bytes
 * @param maxManifestSize largest manifest a push may PUT
 * @param tokenLifetime how long a token from the token endpoint stays valid
 */
@ConfigurationProperties("wreg.oci")
public record OciProperties(
        @DefaultValue("") String namespacePrefix,
        @DefaultValue("1h") Duration uploadExpiry,
        @DefaultValue("4MB") DataSize maxManifestSize,
        @DefaultValue("5m") Duration tokenLifetime) {

    public OciProperties {
        namespacePrefix = namespacePrefix == null ? "" : namespacePrefix;
        if (!namespacePrefix.isEmpty() && !namespacePrefix.matches("([a-z0-9]+([._-][a-z0-9]+)*/)+")) {
            throw new IllegalArgumentException("wreg.oci.namespace-prefix must be lowercase path segments each"
                    + " ending in '/', such as 'wasm/', not '" + namespacePrefix + "'");
        }
        if (uploadExpiry.isNegative() || uploadExpiry.isZero()) {
            throw new IllegalArgumentException("wreg.oci.upload-expiry must be positive");
        }
    }
}
