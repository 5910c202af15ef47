package dev.wreg.cli.keys;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import java.nio.file.Path;

/** A signing key kept on this machine under a short name. */
public record LocalKey(String name, PrivateKey privateKey, Path file, boolean isDefault) {

    public PublicKey publicKey() {
        return privateKey.publicKey();
    }

    /** {@code ed25519} or {@code ecdsa-p256}, the prefix of the key text. */
    public String type() {
        String text = publicKey().text();
        return text.substring(0, text.indexOf(':'));
    }
}
