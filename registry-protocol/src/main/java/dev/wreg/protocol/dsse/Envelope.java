package dev.wreg.protocol.dsse;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.internal.StrictBase64;
import dev.wreg.protocol.internal.StrictJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A DSSE envelope (secure-systems-lab/dsse v1): a typed payload and signatures over
 * {@link #pae PAE}{@code (payloadType, payload)}, so a signature can never be replayed as a
 * different type of document.
 *
 * <p>JSON form, compact and in this key order:
 * {@code {"payload":"<b64>","payloadType":"…","signatures":[{"keyid":"sha256:…","sig":"<b64>"}]}}.
 * Parsing is strict (unknown or duplicate fields, non-canonical base64, an empty signature list
 * are all {@code invalid-envelope}) because the envelope bytes are what the log stores.
 *
 * @param payloadType media type of the payload
 * @param payload the exact payload bytes (the accessor returns a copy)
 * @param signatures one or more signatures
 */
public record Envelope(String payloadType, byte[] payload, List<Signature> signatures) {

    /** Payload type of package records. */
    public static final String RECORD_PAYLOAD_TYPE = "application/vnd.wreg.record.v1+json";

    /** Payload type of operator records. */
    public static final String OPERATOR_RECORD_PAYLOAD_TYPE = "application/vnd.wreg.operator-record.v1+json";

    /**
     * Largest envelope JSON accepted: a log entry is length-prefixed with 16 bits in the C2SP
     * entry bundles.
     */
    public static final int MAX_JSON_BYTES = 65_535;

    /** Most signatures one envelope may carry; bounds verification work per envelope. */
    public static final int MAX_SIGNATURES = 16;

    private static final StrictJson JSON = StrictJson.reporting("invalid-envelope", "DSSE envelope");

    public Envelope {
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        payload = payload.clone();
        signatures = List.copyOf(signatures);
    }

    /** The DSSEv1 pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(type.length + payload.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** An envelope holding {@code payload} signed by {@code key} (keyid = the key's ID). */
    public static Envelope sign(String payloadType, byte[] payload, PrivateKey key) {
        byte[] sig = key.sign(pae(payloadType, payload));
        return new Envelope(
                payloadType, payload, List.of(new Signature(key.keyId().value(), sig)));
    }

    /** This envelope with one more signature, by {@code key}. */
    public Envelope addSignature(PrivateKey key) {
        List<Signature> more = new ArrayList<>(signatures);
        more.add(new Signature(key.keyId().value(), key.sign(pae(payloadType, payload))));
        return new Envelope(payloadType, payload, more);
    }

    /** Whether a signature whose keyid is {@code key}'s ID verifies with {@code key}. */
    public boolean verifiedBy(PublicKey key) {
        String keyId = key.keyId().value();
        byte[] message = null;
        for (Signature s : signatures) {
            if (s.keyid().equals(keyId)) {
                if (message == null) {
                    message = pae(payloadType, payload);
                }
                if (key.verify(message, s.sig())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The key IDs of all signatures, in order. */
    public List<KeyId> signerKeyIds() {
        List<KeyId> out = new ArrayList<>(signatures.size());
        for (Signature s : signatures) {
            out.add(s.keyId());
        }
        return out;
    }

    /** Parses the JSON form strictly; code {@code invalid-envelope}. */
    public static Envelope parse(byte[] json) {
        if (json == null) {
            throw new ProtocolException("invalid-envelope", "DSSE envelope is missing");
        }
        if (json.length > MAX_JSON_BYTES) {
            throw new ProtocolException(
                    "invalid-envelope", "DSSE envelope is larger than " + MAX_JSON_BYTES + " bytes");
        }
        JsonNode root = JSON.readObject(json);
        return fromJson(root);
    }

    /** Reads an envelope from an already-parsed JSON tree (e.g. one embedded in an API answer). */
    public static Envelope fromJson(JsonNode root) {
        JSON.requireFields(root, "envelope", "payload", "payloadType", "signatures");
        String payloadType = JSON.string(root, "payloadType");
        if (payloadType.isEmpty()) {
            throw JSON.error("payloadType is empty");
        }
        byte[] payload = StrictBase64.decode(JSON.string(root, "payload"), "invalid-envelope", "DSSE payload");
        List<JsonNode> sigNodes = JSON.array(root, "signatures", 1);
        if (sigNodes.size() > MAX_SIGNATURES) {
            throw JSON.error("more than " + MAX_SIGNATURES + " signatures");
        }
        List<Signature> signatures = new ArrayList<>(sigNodes.size());
        for (JsonNode node : sigNodes) {
            JSON.requireFields(node, "signature", "keyid", "sig");
            String keyid = JSON.string(node, "keyid");
            try {
                KeyId.parse(keyid);
            } catch (ProtocolException e) {
                throw JSON.error("signature keyid: " + e.getMessage());
            }
            byte[] sig = StrictBase64.decode(JSON.string(node, "sig"), "invalid-envelope", "DSSE signature");
            if (sig.length == 0) {
                throw JSON.error("signature is empty");
            }
            signatures.add(new Signature(keyid, sig));
        }
        return new Envelope(payloadType, payload, signatures);
    }

    /** The JSON tree of the envelope, keys in protocol order. */
    public ObjectNode toJsonNode() {
        ObjectNode root = StrictJson.newObject();
        root.put("payload", StrictBase64.encode(payload));
        root.put("payloadType", payloadType);
        ArrayNode sigs = root.putArray("signatures");
        for (Signature s : signatures) {
            ObjectNode node = sigs.addObject();
            node.put("keyid", s.keyid());
            node.put("sig", StrictBase64.encode(s.sig()));
        }
        return root;
    }

    /** Compact UTF-8 JSON in protocol key order. */
    public byte[] toJson() {
        return StrictJson.write(toJsonNode());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope other
                && payloadType.equals(other.payloadType)
                && Arrays.equals(payload, other.payload)
                && signatures.equals(other.signatures);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
    }

    @Override
    public String toString() {
        return "Envelope[payloadType=" + payloadType + ", payload=" + payload.length + " bytes, signatures="
                + signatures + "]";
    }
}
