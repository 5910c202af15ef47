package dev.wreg.protocol.record;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import java.util.Objects;
import java.util.function.Function;

/** What both kinds of signed record check: their envelope, parsed record and ID agree. */
final class SignedPayload {

    private SignedPayload() {}

    /**
     * Refuses an envelope of another payload type ({@code malformed-record}), and a record or ID
     * that is not the one the envelope's payload holds.
     */
    static void requireAgreement(
            Envelope envelope, Object record, Digest id, String payloadType, Function<byte[], ?> parse) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(id, "id");
        if (!envelope.payloadType().equals(payloadType)) {
            throw new ProtocolException(
                    "malformed-record",
                    "envelope payloadType is \"" + RecordJson.shorten(envelope.payloadType()) + "\", expected \""
                            + payloadType + "\"");
        }
        byte[] payload = envelope.payload();
        if (!Digest.sha256(payload).equals(id)) {
            throw new IllegalArgumentException("record ID does not match the envelope payload");
        }
        if (!parse.apply(payload).equals(record)) {
            throw new IllegalArgumentException("record does not match the envelope payload");
        }
    }
}
