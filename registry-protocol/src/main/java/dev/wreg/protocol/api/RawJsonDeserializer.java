package dev.wreg.protocol.api;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a member written with {@code @JsonRawValue} back as its compact JSON text, whatever JSON
 * value it is, so a record can carry a JSON document it does not interpret (a DSSE envelope).
 */
public final class RawJsonDeserializer extends ValueDeserializer<String> {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        JsonNode node = context.readTree(parser);
        return node.toString();
    }

    @Override
    public String getNullValue(DeserializationContext context) {
        return null;
    }
}
