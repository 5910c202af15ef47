package dev.wreg.protocol.record;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import java.util.Objects;

/**
 * An operator record with its envelope and ID (sha256 of the payload bytes); the constructor
 * checks that the three agree. {@link OperatorState#apply} checks the operator's signature.
 *
 * @param envelope the DSSE envelope
 * @param record the parsed payload
 * @param id {@code sha256} of the payload bytes
 */
public record SignedOperatorRecord(Envelope envelope, OperatorRecord record, Digest id) {

    public SignedOperatorRecord {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(id, "id");
        if (!envelope.payloadType().equals(OperatorRecord.PAYLOAD_TYPE)) {
            throw new ProtocolException(
                    "malformed-record",
                    "envelope payloadType is \"" + RecordJson.shorten(envelope.payloadType()) + "\", expected \""
                            + OperatorRecord.PAYLOAD_TYPE + "\"");
        }
        byte[] payload = envelope.payload();
        if (!Digest.sha256(payload).equals(id)) {
            throw new IllegalArgumentException("record ID does not match the envelope payload");
        }
        if (!OperatorRecord.parsePayload(payload).equals(record)) {
            throw new IllegalArgumentException("record does not match the envelope payload");
        }
    }

    /** Parses the envelope's payload as an operator record; code {@code malformed-record}. */
    public static SignedOperatorRecord of(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        byte[] payload = envelope.payload();
        return new SignedOperatorRecord(envelope, OperatorRecord.parsePayload(payload), Digest.sha256(payload));
    }

    /** Signs {@code record} with the operator key. */
    public static SignedOperatorRecord sign(OperatorRecord record, PrivateKey operatorKey) {
        return of(Envelope.sign(OperatorRecord.PAYLOAD_TYPE, record.toPayload(), operatorKey));
    }
}
