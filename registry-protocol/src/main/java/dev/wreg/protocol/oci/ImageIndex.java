package dev.wreg.protocol.oci;

import dev.wreg.protocol.internal.StrictJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An OCI image index ({@value OciMediaTypes#IMAGE_INDEX}); the referrers API answers with one. */
public record ImageIndex(List<Descriptor> manifests) {

    private static final StrictJson JSON = StrictJson.reporting(ImageManifest.INVALID, "image index");

    public ImageIndex {
        manifests = List.copyOf(manifests);
    }

    public byte[] toBytes() {
        ObjectNode node = StrictJson.newObject();
        node.put("schemaVersion", 2);
        node.put("mediaType", OciMediaTypes.IMAGE_INDEX);
        ArrayNode array = node.putArray("manifests");
        for (Descriptor manifest : manifests) {
            manifest.writeTo(array.addObject());
        }
        return StrictJson.write(node);
    }

    public static ImageIndex parse(byte[] bytes) {
        JsonNode node = JSON.readObject(bytes);
        OciJson.schemaVersion(JSON, node);
        List<Descriptor> manifests = new ArrayList<>();
        int i = 0;
        for (JsonNode manifest : JSON.array(node, "manifests", 0)) {
            manifests.add(Descriptor.read(JSON, manifest, "manifest " + i++));
        }
        return new ImageIndex(manifests);
    }
}
