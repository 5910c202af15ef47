package dev.wreg.protocol.record;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.internal.StrictJson;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON reading and writing shared by package and operator record payloads. */
final class RecordJson {

    /** Largest record payload accepted (64 KiB). */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    static final StrictJson JSON = StrictJson.reporting("malformed-record", "record");

    /** RFC 3339 in UTC with a {@code Z}, the only time form the protocol writes or reads. */
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private RecordJson() {}

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Refuses times that RFC 3339 (four-digit years) cannot write. */
    static Instant checkTime(Instant time) {
        Objects.requireNonNull(time, "time");
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw new ProtocolException("malformed-record", "record time " + time + " is outside years 0000-9999");
        }
        return time;
    }

    static JsonNode readPayload(byte[] payload) {
        if (payload == null) {
            throw new ProtocolException("malformed-record", "record payload is missing");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException(
                    "malformed-record", "record payload is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        return JSON.readObject(payload);
    }

    static Instant time(JsonNode object) {
        String text = JSON.string(object, "time");
        if (!TIME.matcher(text).matches()) {
            throw JSON.error("time \"" + shorten(text) + "\" must be RFC 3339 UTC, e.g. 2026-11-25T10:00:00Z");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw JSON.error("time \"" + text + "\" is not a valid date and time");
        }
    }

    static Digest nullableDigest(JsonNode object, String field) {
        String text = JSON.nullableString(object, field);
        return text == null ? null : digest(text, field);
    }

    static Digest digest(String text, String field) {
        try {
            return Digest.parse(text);
        } catch (ProtocolException e) {
            throw JSON.error(field + ": " + e.getMessage());
        }
    }

    static PublicKey key(String text, String field) {
        try {
            return PublicKey.parse(text);
        } catch (ProtocolException e) {
            throw JSON.error(field + ": " + e.getMessage());
        }
    }

    static KeyId keyId(String text, String field) {
        try {
            return KeyId.parse(text);
        } catch (ProtocolException e) {
            throw JSON.error(field + ": " + e.getMessage());
        }
    }

    static Version version(String text) {
        try {
            return Version.parse(text);
        } catch (ProtocolException e) {
            throw JSON.error("version: " + e.getMessage());
        }
    }

    static Set<Permission> permissions(JsonNode entry) {
        List<String> names = JSON.stringArray(entry, "permissions", 1);
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            if (!out.add(Permission.parse(name))) {
                throw JSON.error("permission \"" + name + "\" is listed twice");
            }
        }
        return out;
    }

    static ArrayNode permissionArray(ObjectNode node, Set<Permission> permissions) {
        ArrayNode array = node.putArray("permissions");
        for (Permission p : permissions) {
            array.add(p.jsonName());
        }
        return array;
    }

    static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    // --- package-record entries ---

    static Entry entry(JsonNode node) {
        if (node == null || !node.isObject() || !node.has("type")) {
            throw JSON.error("each entry must be an object with a \"type\"");
        }
        String type = JSON.string(node, "type");
        return switch (type) {
            case "init" -> {
                JSON.requireFields(node, "init entry", "type", "key");
                yield new Entry.Init(key(JSON.string(node, "key"), "init key"));
            }
            case "grant" -> {
                JSON.requireFields(node, "grant entry", "type", "key", "permissions");
                yield new Entry.Grant(key(JSON.string(node, "key"), "grant key"), permissions(node));
            }
            case "revoke" -> {
                JSON.requireFields(node, "revoke entry", "type", "keyId", "permissions");
                yield new Entry.Revoke(keyId(JSON.string(node, "keyId"), "revoke keyId"), permissions(node));
            }
            case "release" -> {
                List<String> fields = new ArrayList<>(List.of("type", "version", "content", "size"));
                if (node.has("composition")) {
                    fields.add("composition");
                }
                if (node.has("via")) {
                    fields.add("via");
                }
                JSON.requireFields(node, "release entry", fields.toArray(String[]::new));
                yield new Entry.Release(
                        version(JSON.string(node, "version")),
                        digest(JSON.string(node, "content"), "content"),
                        JSON.nonNegativeLong(node, "size"),
                        node.has("composition") ? composition(node.get("composition")) : null,
                        node.has("via") ? JSON.string(node, "via") : null);
            }
            case "yank" -> {
                JSON.requireFields(node, "yank entry", "type", "version", "reason");
                yield new Entry.Yank(version(JSON.string(node, "version")), JSON.string(node, "reason"));
            }
            case "unyank" -> {
                JSON.requireFields(node, "unyank entry", "type", "version");
                yield new Entry.Unyank(version(JSON.string(node, "version")));
            }
            case "deprecate" -> {
                JSON.requireFields(node, "deprecate entry", "type", "version", "message");
                yield new Entry.Deprecate(version(JSON.string(node, "version")), JSON.string(node, "message"));
            }
            default -> throw JSON.error("unknown entry type \"" + shorten(type) + "\"");
        };
    }

    static void writeEntry(ArrayNode entries, Entry entry) {
        ObjectNode node = entries.addObject();
        node.put("type", entry.type());
        switch (entry) {
            case Entry.Init init -> node.put("key", init.key().text());
            case Entry.Grant grant -> {
                node.put("key", grant.key().text());
                permissionArray(node, grant.permissions());
            }
            case Entry.Revoke revoke -> {
                node.put("keyId", revoke.keyId().value());
                permissionArray(node, revoke.permissions());
            }
            case Entry.Release release -> {
                node.put("version", release.version().toString());
                node.put("content", release.content().toString());
                node.put("size", release.size());
                if (release.composition() != null) {
                    writeComposition(node.putObject("composition"), release.composition());
                }
                if (release.via() != null) {
                    node.put("via", release.via());
                }
            }
            case Entry.Yank yank -> {
                node.put("version", yank.version().toString());
                node.put("reason", yank.reason());
            }
            case Entry.Unyank unyank -> node.put("version", unyank.version().toString());
            case Entry.Deprecate deprecate -> {
                node.put("version", deprecate.version().toString());
                node.put("message", deprecate.message());
            }
        }
    }

    static Composition composition(JsonNode node) {
        JSON.requireFields(node, "composition", "method", "transitive", "plan", "inputs");
        List<Composition.Input> inputs = new ArrayList<>();
        for (JsonNode input : JSON.array(node, "inputs", 1)) {
            inputs.add(compositionInput(input));
        }
        return new Composition(
                JSON.string(node, "method"), JSON.bool(node, "transitive"), nullableDigest(node, "plan"), inputs);
    }

    private static Composition.Input compositionInput(JsonNode node) {
        if (node != null && node.isObject() && node.has("package")) {
            JSON.requireFields(node, "composition input", "role", "package", "version", "content");
        } else {
            JSON.requireFields(node, "composition input", "role", "content");
        }
        PackageName pkg = null;
        Version version = null;
        if (node.has("package")) {
            try {
                pkg = PackageName.parse(JSON.string(node, "package"));
            } catch (ProtocolException e) {
                throw JSON.error("composition input package: " + e.getMessage());
            }
            version = version(JSON.string(node, "version"));
        }
        return new Composition.Input(
                JSON.string(node, "role"), pkg, version, digest(JSON.string(node, "content"), "composition input"));
    }

    static void writeComposition(ObjectNode node, Composition composition) {
        node.put("method", composition.method());
        node.put("transitive", composition.transitive());
        if (composition.plan() == null) {
            node.putNull("plan");
        } else {
            node.put("plan", composition.plan().toString());
        }
        ArrayNode inputs = node.putArray("inputs");
        for (Composition.Input input : composition.inputs()) {
            ObjectNode out = inputs.addObject();
            out.put("role", input.role());
            if (input.pkg() != null) {
                out.put("package", input.pkg().toString());
                out.put("version", input.version().toString());
            }
            out.put("content", input.content().toString());
        }
    }

    static List<Entry> entries(JsonNode root) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode node : JSON.array(root, "entries", 1)) {
            out.add(entry(node));
        }
        return out;
    }
}
