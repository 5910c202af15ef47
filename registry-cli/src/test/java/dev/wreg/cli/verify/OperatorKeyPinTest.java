package dev.wreg.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.cli.CliException;
import dev.wreg.cli.config.RegistryAddress;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorKeyPinTest {

    @TempDir
    Path state;

    final List<String> notes = new ArrayList<>();
    final PublicKey first = PrivateKey.generateEd25519().publicKey();
    final PublicKey second = PrivateKey.generateEd25519().publicKey();
    final PublicKey third = PrivateKey.generateEd25519().publicKey();

    OperatorKeyPin pin() {
        return new OperatorKeyPin(state, RegistryAddress.parse("http://127.0.0.1:9090"), notes::add);
    }

    @Test
    void followsAHandOverFromThePinnedKeyAndPinsTheNewKey() {
        pin().check(first, List.of(first));
        assertThat(pin().check(third, List.of(first, second, third))).isEqualTo(third);
        assertThat(notes.getLast()).contains("handed over from " + first.text() + " to " + third.text());
        // Pinned from now on: the old key is no longer the registry's.
        assertThat(pin().check(third, List.of(third))).isEqualTo(third);
        assertThatThrownBy(() -> pin().check(first, List.of(first)))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("operator key changed");
    }

    @Test
    void refusesANewKeyTheChainDoesNotLeadToFromThePinnedKey() {
        pin().check(first, List.of(first));
        // No hand-over at all.
        assertThatThrownBy(() -> pin().check(second, List.of(second)))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no hand-over from the pinned key");
        // A chain that names the pinned key but ends with another key than the one served.
        assertThatThrownBy(() -> pin().check(third, List.of(first, second)))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("operator key changed");
        assertThat(pin().check(first, List.of(first))).isEqualTo(first);
    }
}
