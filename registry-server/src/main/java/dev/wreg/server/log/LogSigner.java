package dev.wreg.server.log;

import dev.wreg.protocol.crypto.Ed25519PublicKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.log.Ed25519NoteSigner;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.server.keys.OperatorKey;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The log's checkpoint signer: the operator's Ed25519 key used as a C2SP note key whose name is
 * the origin, so the vkey a client pins is derived from the same key that signs operator records.
 */
@Component
public class LogSigner {

    private final Ed25519NoteSigner signer;

    public LogSigner(OperatorKey operatorKey, LogProperties properties) {
        // The operator key text is "ed25519:<base64 seed>"; the note signer wants the raw seed.
        String text = operatorKey.privateKey().text();
        byte[] seed = Base64.getDecoder().decode(text.substring(text.indexOf(':') + 1));
        this.signer = Ed25519NoteSigner.fromSeed(properties.origin(), seed);
    }

    public Ed25519NoteSigner signer() {
        return signer;
    }

    public String origin() {
        return signer.keyName();
    }

    public VerifierKey verifierKey() {
        return signer.verifierKey();
    }

    /** The vkey this log would have with another operator key (one it was handed over from). */
    public VerifierKey verifierKeyOf(PublicKey operatorKey) {
        if (!(operatorKey instanceof Ed25519PublicKey ed25519)) {
            throw new IllegalArgumentException("operator keys are ed25519 keys: " + operatorKey.text());
        }
        return VerifierKey.of(signer.keyName(), VerifierKey.TYPE_ED25519, ed25519.bytes());
    }
}
