package dev.wreg.protocol.log;

/** A known key that can check note signatures carrying its name and key ID. */
public interface NoteVerifier {
    String keyName();

    int keyId();

    /** Whether {@code signature} (without the key ID) is valid for the note text {@code text}. */
    boolean verify(byte[] text, byte[] signature);
}
