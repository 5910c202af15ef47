package dev.wreg.protocol.log;

/** A private key that signs note texts under its name and key ID. */
public interface NoteSigner {
    String keyName();

    int keyId();

    /** The signature (without the key ID) over the note text. */
    byte[] sign(byte[] text);
}
