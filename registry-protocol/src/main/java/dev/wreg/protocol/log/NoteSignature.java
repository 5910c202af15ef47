package dev.wreg.protocol.log;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One signature line of a signed note: {@code — <keyName> base64(keyId ‖ signature)}.
 *
 * @param keyName the signer's key name
 * @param keyId the 32-bit key ID (first four bytes of the decoded signature, big-endian)
 * @param signature the signature bytes that follow the key ID
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {
    /** The em dash (U+2014) and space that start every signature line. */
    static final String LINE_PREFIX = "\u2014 ";

    public NoteSignature {
        VerifierKey.requireKeyName(keyName, LogException.MALFORMED_NOTE);
        if (signature == null || signature.length == 0) {
            throw new LogException(LogException.MALFORMED_NOTE, "empty signature from " + keyName);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The line as it appears in a note, with its final newline. */
    public String line() {
        byte[] blob = ByteBuffer.allocate(4 + signature.length)
                .putInt(keyId)
                .put(signature)
                .array();
        return LINE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature other
                && keyName.equals(other.keyName)
                && keyId == other.keyId
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return keyName.hashCode() * 31 + keyId * 17 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "NoteSignature[" + keyName + "+" + HexFormat.of().toHexDigits(keyId) + ", " + signature.length
                + " bytes]";
    }
}
