package dev.wreg.server.log;

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
}
