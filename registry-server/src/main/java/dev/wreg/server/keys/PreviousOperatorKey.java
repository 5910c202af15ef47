package dev.wreg.server.keys;

import dev.wreg.protocol.crypto.PrivateKey;
import java.util.Optional;

/**
 * The operator key being handed over, when an operator rotates it: {@code
 * wreg.operator-previous-key} (env {@code WREG_OPERATOR_PREVIOUS_KEY}) or {@code
 * wreg.operator-previous-key-file}. It signs one record, the hand-over to the operator key, and
 * nothing else; once that record is logged the setting may go.
 */
public record PreviousOperatorKey(Optional<PrivateKey> privateKey) {

    @Override
    public String toString() {
        return "PreviousOperatorKey["
                + privateKey.map(k -> k.publicKey().text()).orElse("none") + "]";
    }
}
