package dev.wreg.protocol.oci;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.internal.StrictJson;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OCI content descriptor. JSON keys in this order: {@code mediaType}, {@code artifactType}
 * (when set), {@code digest}, {@code size}, {@code annotations} (when any, sorted by key).
 */
public record Descriptor(
        String mediaType, String artifactType, Digest digest, long size, Map<String, String> annotations) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        annotations =
                annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, null, digest, size, Map.of());
    }

    /** The descriptor of {@code bytes} under {@code mediaType}. */
    public static Descriptor of(String mediaType, byte[] bytes) {
        return new Descriptor(mediaType, Digest.sha256(bytes), bytes.length);
    }

    void writeTo(ObjectNode node) {
        node.put("mediaType", mediaType);
        if (artifactType != null) {
            node.put("artifactType", artifactType);
        }
        node.put("digest", digest.toString());
        node.put("size", size);
        OciJson.annotations(node, annotations);
    }

    static Descriptor read(StrictJson json, JsonNode node, String context) {
        if (node == null || !node.isObject()) {
            throw json.error(context + " must be a JSON object");
        }
        String mediaType = json.string(node, "mediaType");
        String artifactType = node.has("artifactType") ? json.string(node, "artifactType") : null;
        Digest digest;
        try {
            digest = Digest.parse(json.string(node, "digest"));
        } catch (ProtocolException e) {
            throw json.error(context + " digest: " + e.getMessage());
        }
        long size = json.nonNegativeLong(node, "size");
        return new Descriptor(mediaType, artifactType, digest, size, OciJson.readAnnotations(json, node, context));
    }
}
