package dev.wreg.protocol.record;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import java.util.Objects;

/**
 * A package record together with the envelope that signs it and its ID (sha256 of the payload
 * bytes). The constructor checks that the three agree, so a {@code SignedRecord} never carries a
 * record other than the one its envelope signs. Signatures themselves are checked by
 * {@link PackageState#apply}, which knows the keys.
 *
 * @param envelope the DSSE envelope as submitted
 * @param record the parsed payload
 * @param id {@code sha256} of the payload bytes
 */
public record SignedRecord(Envelope envelope, PackageRecord record, Digest id) {

    public SignedRecord {
        SignedPayload.requireAgreement(envelope, record, id, Envelope.RECORD_PAYLOAD_TYPE, PackageRecord::parsePayload);
    }

    /** Parses the envelope's payload as a package record; code {@code malformed-record}. */
    public static SignedRecord of(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        byte[] payload = envelope.payload();
        return new SignedRecord(envelope, PackageRecord.parsePayload(payload), Digest.sha256(payload));
    }

    /** Signs {@code record} with {@code key} (one DSSE signature). */
    public static SignedRecord sign(PackageRecord record, PrivateKey key) {
        return of(Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, record.toPayload(), key));
    }
}
