package dev.wreg.protocol.record;

import static dev.wreg.protocol.record.RecordJson.JSON;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.internal.StrictJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One link of the operator's log, signed by the operator key with payload type
 * {@code application/vnd.wreg.operator-record.v1+json}. Payload (compact, this key order):
 * {@code {"operator":true,"prev":…,"time":…,"entries":[{"type":"namespace","namespace":"example","owners":["ed25519:…"]}]}}.
 *
 * @param prev the ID of the previous operator record; {@code null} for the first
 * @param time never earlier than {@code prev}'s
 * @param entries one or more changes, applied in order
 */
public record OperatorRecord(Digest prev, Instant time, List<OperatorEntry> entries) {

    /** Payload type of operator records. */
    public static final String PAYLOAD_TYPE = Envelope.OPERATOR_RECORD_PAYLOAD_TYPE;

    public OperatorRecord {
        RecordJson.checkTime(time);
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new ProtocolException("malformed-record", "an operator record needs at least one entry");
        }
        if (entries.size() > 1 && entries.stream().anyMatch(e -> e instanceof OperatorEntry.KeyRotation)) {
            // Which key signs a record is decided before it: a rotation cannot share one.
            throw new ProtocolException("malformed-record", "a key rotation must be its record's only entry");
        }
    }

    /** Compact UTF-8 JSON in protocol key order. */
    public byte[] toPayload() {
        ObjectNode root = StrictJson.newObject();
        root.put("operator", true);
        if (prev == null) {
            root.putNull("prev");
        } else {
            root.put("prev", prev.toString());
        }
        root.put("time", time.toString());
        ArrayNode array = root.putArray("entries");
        for (OperatorEntry entry : entries) {
            ObjectNode node = array.addObject();
            node.put("type", entry.type());
            switch (entry) {
                case OperatorEntry.Namespace ns -> {
                    node.put("namespace", ns.namespace());
                    ArrayNode owners = node.putArray("owners");
                    for (PublicKey key : ns.owners()) {
                        owners.add(key.text());
                    }
                }
                case OperatorEntry.KeyRotation rotation -> {
                    node.put("previous", rotation.previous().text());
                    node.put("next", rotation.next().text());
                }
            }
        }
        byte[] payload = StrictJson.write(root);
        if (payload.length > RecordJson.MAX_PAYLOAD_BYTES) {
            throw new ProtocolException("malformed-record", "operator record payload would be larger than 64 KiB");
        }
        return payload;
    }

    /** Parses a payload strictly; code {@code malformed-record}. */
    public static OperatorRecord parsePayload(byte[] payload) {
        JsonNode root = RecordJson.readPayload(payload);
        JSON.requireFields(root, "operator record", "operator", "prev", "time", "entries");
        if (!JSON.bool(root, "operator")) {
            throw JSON.error("field \"operator\" must be true");
        }
        Digest prev = RecordJson.nullableDigest(root, "prev");
        Instant time = RecordJson.time(root);
        List<OperatorEntry> entries = new ArrayList<>();
        for (JsonNode node : JSON.array(root, "entries", 1)) {
            if (node == null || !node.isObject() || !node.has("type")) {
                throw JSON.error("each entry must be an object with a \"type\"");
            }
            String type = JSON.string(node, "type");
            if (type.equals("operator-key")) {
                JSON.requireFields(node, "operator-key entry", "type", "previous", "next");
                entries.add(new OperatorEntry.KeyRotation(
                        RecordJson.key(JSON.string(node, "previous"), "previous"),
                        RecordJson.key(JSON.string(node, "next"), "next")));
                continue;
            }
            if (!type.equals("namespace")) {
                throw JSON.error("unknown operator entry type \"" + RecordJson.shorten(type) + "\"");
            }
            JSON.requireFields(node, "namespace entry", "type", "namespace", "owners");
            List<PublicKey> owners = new ArrayList<>();
            for (String text : JSON.stringArray(node, "owners", 1)) {
                owners.add(RecordJson.key(text, "owner"));
            }
            try {
                entries.add(new OperatorEntry.Namespace(JSON.string(node, "namespace"), owners));
            } catch (ProtocolException e) {
                throw e.code().equals("malformed-record") ? e : JSON.error(e.getMessage());
            }
        }
        return new OperatorRecord(prev, time, entries);
    }
}
