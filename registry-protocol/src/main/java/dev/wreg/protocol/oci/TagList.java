package dev.wreg.protocol.oci;

import dev.wreg.protocol.internal.StrictJson;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The body of {@code GET /v2/<name>/tags/list}: {@code {"name":…,"tags":[…]}}. */
public record TagList(String name, List<String> tags) {

    private static final StrictJson JSON = StrictJson.reporting("invalid-oci-tag-list", "tag list");

    public TagList {
        tags = List.copyOf(tags);
    }

    public byte[] toBytes() {
        ObjectNode node = StrictJson.newObject();
        node.put("name", name);
        ArrayNode array = node.putArray("tags");
        tags.forEach(array::add);
        return StrictJson.write(node);
    }

    public static TagList parse(byte[] bytes) {
        JsonNode node = JSON.readObject(bytes);
        return new TagList(JSON.string(node, "name"), JSON.stringArray(node, "tags", 0));
    }
}
