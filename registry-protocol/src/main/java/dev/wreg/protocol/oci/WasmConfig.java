package dev.wreg.protocol.oci;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.internal.StrictJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CNCF Wasm OCI artifact config ({@value OciMediaTypes#WASM_CONFIG}). JSON keys in this order:
 * {@code created}, {@code author} (when set), {@code architecture}, {@code os},
 * {@code layerDigests}, {@code component} ({@code exports}, {@code imports}, {@code target}, the
 * last null when no target world is known), the shape wkg's oci-wasm crate reads.
 */
public record WasmConfig(
        Instant created,
        String author,
        String architecture,
        String os,
        List<Digest> layerDigests,
        Component component) {

    public static final String ARCHITECTURE = "wasm";
    /** {@code os} of a component; a core module would say {@code wasip1}. */
    public static final String COMPONENT_OS = "wasip2";

    private static final StrictJson JSON = StrictJson.reporting(ImageManifest.INVALID, "wasm config");

    public WasmConfig {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        layerDigests = List.copyOf(layerDigests);
    }

    /** What a component imports and exports, by the names wit-parser's {@code name_world_key} gives. */
    public record Component(List<String> exports, List<String> imports, String target) {
        public Component {
            exports = List.copyOf(exports);
            imports = List.copyOf(imports);
        }
    }

    public byte[] toBytes() {
        ObjectNode node = StrictJson.newObject();
        node.put("created", created.toString());
        if (author != null) {
            node.put("author", author);
        }
        node.put("architecture", architecture);
        node.put("os", os);
        ArrayNode digests = node.putArray("layerDigests");
        layerDigests.forEach(d -> digests.add(d.toString()));
        if (component != null) {
            ObjectNode c = node.putObject("component");
            ArrayNode exports = c.putArray("exports");
            component.exports().forEach(exports::add);
            ArrayNode imports = c.putArray("imports");
            component.imports().forEach(imports::add);
            if (component.target() == null) {
                c.putNull("target");
            } else {
                c.put("target", component.target());
            }
        }
        return StrictJson.write(node);
    }

    /** Reads a config as oci-wasm would; code {@value ImageManifest#INVALID} when it cannot. */
    public static WasmConfig parse(byte[] bytes) {
        JsonNode node = JSON.readObject(bytes);
        Instant created;
        try {
            created = Instant.parse(JSON.string(node, "created"));
        } catch (DateTimeParseException e) {
            throw JSON.error("created is not an RFC 3339 time");
        }
        String author = node.has("author") ? JSON.nullableString(node, "author") : null;
        List<Digest> digests = new ArrayList<>();
        for (String text : JSON.stringArray(node, "layerDigests", 0)) {
            try {
                digests.add(Digest.parse(text));
            } catch (ProtocolException e) {
                throw JSON.error("layerDigests: " + e.getMessage());
            }
        }
        Component component = null;
        JsonNode c = node.get("component");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                throw JSON.error("component must be an object");
            }
            component = new Component(
                    JSON.stringArray(c, "exports", 0),
                    JSON.stringArray(c, "imports", 0),
                    c.has("target") ? JSON.nullableString(c, "target") : null);
        }
        return new WasmConfig(
                created, author, JSON.string(node, "architecture"), JSON.string(node, "os"), digests, component);
    }
}
