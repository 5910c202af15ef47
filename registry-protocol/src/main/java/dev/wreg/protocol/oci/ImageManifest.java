package dev.wreg.protocol.oci;

import dev.wreg.protocol.internal.StrictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OCI image manifest ({@value OciMediaTypes#IMAGE_MANIFEST}, schema version 2). JSON keys in
 * this order: {@code schemaVersion}, {@code mediaType}, {@code artifactType} (when set),
 * {@code config}, {@code layers}, {@code subject} (when set), {@code annotations} (when any).
 *
 * @param mediaType the manifest's own {@code mediaType}; null when the document has none
 */
public record ImageManifest(
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    /** Parse failures carry this code. */
    public static final String INVALID = "invalid-oci-manifest";

    private static final StrictJson JSON = StrictJson.reporting(INVALID, "manifest");

    public ImageManifest {
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** Compact JSON, deterministic for equal values. */
    public byte[] toBytes() {
        ObjectNode node = StrictJson.newObject();
        node.put("schemaVersion", 2);
        if (mediaType != null) {
            node.put("mediaType", mediaType);
        }
        if (artifactType != null) {
            node.put("artifactType", artifactType);
        }
        config.writeTo(node.putObject("config"));
        ArrayNode array = node.putArray("layers");
        for (Descriptor layer : layers) {
            layer.writeTo(array.addObject());
        }
        if (subject != null) {
            subject.writeTo(node.putObject("subject"));
        }
        OciJson.annotations(node, annotations);
        return StrictJson.write(node);
    }

    /** Reads a manifest; code {@value #INVALID} when it is not one. Unknown fields are ignored. */
    public static ImageManifest parse(byte[] bytes) {
        JsonNode node = JSON.readObject(bytes);
        OciJson.schemaVersion(JSON, node);
        String mediaType = node.has("mediaType") ? JSON.string(node, "mediaType") : null;
        String artifactType = node.has("artifactType") ? JSON.string(node, "artifactType") : null;
        Descriptor config = Descriptor.read(JSON, node.get("config"), "config");
        List<Descriptor> layers = new ArrayList<>();
        int i = 0;
        for (JsonNode layer : JSON.array(node, "layers", 0)) {
            layers.add(Descriptor.read(JSON, layer, "layer " + i++));
        }
        Descriptor subject = node.has("subject") && !node.get("subject").isNull()
                ? Descriptor.read(JSON, node.get("subject"), "subject")
                : null;
        return new ImageManifest(
                mediaType, artifactType, config, layers, subject, OciJson.readAnnotations(JSON, node, "manifest"));
    }
}
