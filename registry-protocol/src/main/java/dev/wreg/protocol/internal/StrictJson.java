package dev.wreg.protocol.internal;

import dev.wreg.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads JSON the way a signature verifier must: duplicate keys, trailing data, unknown fields and
 * wrong types are all errors, so a document means exactly one thing to every reader.
 *
 * <p>Every failure is a {@link ProtocolException} with the code the caller passes in
 * ({@code invalid-envelope}, {@code malformed-record}, ...), so each format reports its own code.
 */
public final class StrictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String code;
    private final String what;

    private StrictJson(String code, String what) {
        this.code = code;
        this.what = what;
    }

    /** A reader whose errors carry {@code code} and start with {@code what} (e.g. "record"). */
    public static StrictJson reporting(String code, String what) {
        return new StrictJson(code, what);
    }

    /** A fresh object node; its keys serialise in insertion order. */
    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** Compact UTF-8 JSON, keys in insertion order. */
    public static byte[] write(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public ProtocolException error(String message) {
        return new ProtocolException(code, what + ": " + message);
    }

    /** Parses {@code json} (which must be a single JSON object) or throws. */
    public JsonNode readObject(byte[] json) {
        String text;
        try {
            // Jackson would auto-detect UTF-16/32 from raw bytes; the protocol says UTF-8 only.
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new ProtocolException(code, what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw error("expected a JSON object");
        }
        return node;
    }

    /** Checks that {@code object} is an object holding exactly the given fields. */
    public void requireFields(JsonNode object, String context, String... names) {
        if (object == null || !object.isObject()) {
            throw error(context + " must be a JSON object");
        }
        Set<String> expected = new LinkedHashSet<>(Arrays.asList(names));
        for (String present : object.propertyNames()) {
            if (!expected.contains(present)) {
                throw error(context + " has unknown field \"" + present + "\"");
            }
        }
        for (String name : expected) {
            if (!object.has(name)) {
                throw error(context + " lacks field \"" + name + "\"");
            }
        }
    }

    public String string(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isString()) {
            throw error("field \"" + field + "\" must be a string");
        }
        return value.stringValue();
    }

    /** A string, or {@code null} when the field holds JSON null. */
    public String nullableString(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value != null && value.isNull()) {
            return null;
        }
        return string(object, field);
    }

    public long nonNegativeLong(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw error("field \"" + field + "\" must be a non-negative integer");
        }
        return value.longValue();
    }

    public boolean bool(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isBoolean()) {
            throw error("field \"" + field + "\" must be true or false");
        }
        return value.booleanValue();
    }

    /** The elements of an array field; {@code minSize} guards against empty lists. */
    public List<JsonNode> array(JsonNode object, String field, int minSize) {
        JsonNode value = object.get(field);
        if (value == null || !value.isArray()) {
            throw error("field \"" + field + "\" must be an array");
        }
        if (value.size() < minSize) {
            throw error("field \"" + field + "\" must hold at least " + minSize + " element(s)");
        }
        List<JsonNode> out = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            out.add(element);
        }
        return out;
    }

    /** The elements of an array of strings. */
    public List<String> stringArray(JsonNode object, String field, int minSize) {
        List<String> out = new ArrayList<>();
        for (JsonNode element : array(object, field, minSize)) {
            if (!element.isString()) {
                throw error("field \"" + field + "\" must hold only strings");
            }
            out.add(element.stringValue());
        }
        return out;
    }
}
