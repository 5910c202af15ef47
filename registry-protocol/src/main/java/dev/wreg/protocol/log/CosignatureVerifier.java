package dev.wreg.protocol.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Verifies c2sp.org/tlog-cosignature Ed25519 cosignatures (signature type 0x04). The note signature
 * is a big-endian u64 timestamp followed by an Ed25519 signature over
 * {@code "cosignature/v1\ntime <timestamp>\n" ‖ checkpoint text}.
 */
public final class CosignatureVerifier implements NoteVerifier {
    /** Timestamp (8 bytes) and Ed25519 signature (64 bytes). */
    public static final int SIGNATURE_SIZE = 8 + Ed25519.SIGNATURE_SIZE;

    private final VerifierKey key;

    CosignatureVerifier(VerifierKey key) {
        if (key.type() != VerifierKey.TYPE_ED25519_COSIGNATURE) {
            throw new LogException(LogException.MALFORMED_KEY, "key " + key.keyName() + " is not a cosignature key");
        }
        this.key = key;
    }

    @Override
    public String keyName() {
        return key.keyName();
    }

    @Override
    public int keyId() {
        return key.keyId();
    }

    @Override
    public boolean verify(byte[] text, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        long timestamp = ByteBuffer.wrap(signature).getLong();
        if (timestamp < 0) {
            return false; // above 2^63-1, which the spec forbids
        }
        return Ed25519.verify(
                key.publicKey(), signedMessage(timestamp, text), Arrays.copyOfRange(signature, 8, SIGNATURE_SIZE));
    }

    /** The timestamp (POSIX seconds) of a cosignature in this format. */
    public static long timestamp(NoteSignature cosignature) {
        byte[] signature = cosignature.signature();
        if (signature.length != SIGNATURE_SIZE) {
            throw new LogException(LogException.MALFORMED_NOTE, "not an Ed25519 cosignature: " + cosignature);
        }
        return ByteBuffer.wrap(signature).getLong();
    }

    /** The message a cosigner signs: the cosignature/v1 header, the time line and the checkpoint text. */
    static byte[] signedMessage(long timestamp, byte[] checkpointText) {
        byte[] header = ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(header, header.length + checkpointText.length);
        System.arraycopy(checkpointText, 0, message, header.length, checkpointText.length);
        return message;
    }
}
