package dev.wreg.server.keys;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import java.util.Objects;

/** The registry operator's signing key: it signs operator records (namespaces) and, later, checkpoints. */
public record OperatorKey(PrivateKey privateKey) {

    public OperatorKey {
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public PublicKey publicKey() {
        return privateKey.publicKey();
    }

    @Override
    public String toString() {
        return "OperatorKey[" + publicKey().text() + "]";
    }
}
