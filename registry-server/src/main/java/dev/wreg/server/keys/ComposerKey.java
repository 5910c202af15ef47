package dev.wreg.server.keys;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.Permission;
import java.util.Optional;
import java.util.Set;

/**
 * The registry composer's signing key, when one is configured. It holds no permission of its own:
 * a package owner grants it {@code release} (an ordinary {@code grant} record) to let the registry
 * publish compositions into that package.
 */
public record ComposerKey(Optional<PrivateKey> privateKey) {

    public Optional<String> publicKeyText() {
        return privateKey.map(key -> key.publicKey().text());
    }

    /**
     * Whether the package's owner granted this key {@code release}: the one rule for every way the
     * registry publishes on a client's behalf (compositions, OCI pushes). False without a key.
     */
    public boolean holdsRelease(PackageState state) {
        return privateKey
                .map(key -> state.permissions()
                        .getOrDefault(key.publicKey().keyId(), Set.of())
                        .contains(Permission.RELEASE))
                .orElse(false);
    }

    /** The command a package owner runs to grant this key {@code release} on {@code pkg}; empty without a key. */
    public Optional<String> grantCommand(PackageName pkg) {
        return publicKeyText().map(text -> "wreg grant " + text + " --package " + pkg + " --permissions release");
    }

    @Override
    public String toString() {
        return "ComposerKey[" + publicKeyText().orElse("none") + "]";
    }
}
