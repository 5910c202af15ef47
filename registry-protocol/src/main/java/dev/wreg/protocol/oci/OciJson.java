package dev.wreg.protocol.oci;

import dev.wreg.protocol.internal.StrictJson;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The annotation maps every OCI document carries, written sorted so bytes are deterministic. */
final class OciJson {

    private OciJson() {}

    static void annotations(ObjectNode node, Map<String, String> annotations) {
        if (annotations.isEmpty()) {
            return;
        }
        ObjectNode out = node.putObject("annotations");
        new TreeMap<>(annotations).forEach(out::put);
    }

    static Map<String, String> readAnnotations(StrictJson json, JsonNode node, String context) {
        JsonNode value = node.get("annotations");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw json.error(context + " annotations must be an object of strings");
        }
        Map<String, String> out = new TreeMap<>();
        for (String key : value.propertyNames()) {
            JsonNode text = value.get(key);
            if (!text.isString()) {
                throw json.error(context + " annotation \"" + key + "\" must be a string");
            }
            out.put(key, text.stringValue());
        }
        return out;
    }

    static int schemaVersion(StrictJson json, JsonNode node) {
        JsonNode value = node.get("schemaVersion");
        if (value == null || !value.isIntegralNumber() || value.intValue() != 2) {
            throw json.error("schemaVersion must be 2");
        }
        return 2;
    }
}
