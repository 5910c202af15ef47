package dev.wreg.server.keys;

import dev.wreg.protocol.crypto.PrivateKey;
import java.util.Optional;

/**
 * The registry composer's signing key, when one is configured. It holds no permission of its own:
 * a package owner grants it {@code release} (an ordinary {@code grant} record) to let the registry
 * publish compositions into that package.
 */
public record ComposerKey(Optional<PrivateKey> privateKey) {

    public Optional<String> publicKeyText() {
        return privateKey.map(key -> key.publicKey().text());
    }

    @Override
    public String toString() {
        return "ComposerKey[" + publicKeyText().orElse("none") + "]";
    }
}
