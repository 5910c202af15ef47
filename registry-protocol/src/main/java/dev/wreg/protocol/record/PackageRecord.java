package dev.wreg.protocol.record;

import static dev.wreg.protocol.record.RecordJson.JSON;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.internal.StrictJson;
import dev.wreg.protocol.name.PackageName;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One link of a package's log: what changes, when, and which record it follows. Signed inside a
 * DSSE envelope ({@link SignedRecord}); its ID is the sha256 of the exact payload bytes.
 *
 * <p>Payload JSON (UTF-8, compact, keys in this order):
 * {@code {"package":"ns:name","prev":null|"sha256:…","time":"2026-11-25T10:00:00Z","entries":[…]}}.
 *
 * @param pkg the package this record belongs to
 * @param prev the ID of the previous record; {@code null} for the first
 * @param time when the signer made the record; never earlier than {@code prev}'s
 * @param entries one or more changes, applied in order
 */
public record PackageRecord(PackageName pkg, Digest prev, Instant time, List<Entry> entries) {

    /** Largest payload accepted, in bytes (64 KiB). */
    public static final int MAX_PAYLOAD_BYTES = RecordJson.MAX_PAYLOAD_BYTES;

    public PackageRecord {
        Objects.requireNonNull(pkg, "pkg");
        RecordJson.checkTime(time);
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new ProtocolException("malformed-record", "a record needs at least one entry");
        }
    }

    /** The payload bytes to sign: compact UTF-8 JSON in protocol key order. */
    public byte[] toPayload() {
        ObjectNode root = StrictJson.newObject();
        root.put("package", pkg.toString());
        if (prev == null) {
            root.putNull("prev");
        } else {
            root.put("prev", prev.toString());
        }
        root.put("time", time.toString());
        ArrayNode array = root.putArray("entries");
        for (Entry entry : entries) {
            RecordJson.writeEntry(array, entry);
        }
        byte[] payload = StrictJson.write(root);
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException(
                    "malformed-record", "record payload would be larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        return payload;
    }

    /**
     * Parses a payload strictly: unknown or duplicate fields, wrong types, invalid names, versions,
     * keys or digests, and payloads over 64 KiB are all {@code malformed-record}.
     */
    public static PackageRecord parsePayload(byte[] payload) {
        JsonNode root = RecordJson.readPayload(payload);
        JSON.requireFields(root, "package record", "package", "prev", "time", "entries");
        PackageName pkg;
        try {
            pkg = PackageName.parse(JSON.string(root, "package"));
        } catch (ProtocolException e) {
            if (e.code().equals("malformed-record")) {
                throw e;
            }
            throw JSON.error("package: " + e.getMessage());
        }
        Digest prev = RecordJson.nullableDigest(root, "prev");
        Instant time = RecordJson.time(root);
        return new PackageRecord(pkg, prev, time, RecordJson.entries(root));
    }
}
