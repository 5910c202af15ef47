package dev.wreg.protocol.record;

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
        SignedPayload.requireAgreement(envelope, record, id, OperatorRecord.PAYLOAD_TYPE, OperatorRecord::parsePayload);
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
