package dev.wreg.protocol.record;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.dsse.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A namespace claim as each owner key consents to it: whoever asks a registry to bind a namespace
 * to a key must show that key's signature over the namespace and the complete owner list, so
 * nobody can make someone else's key (or a key they do not hold) the owner of anything.
 *
 * <p>The signature covers {@link Envelope#pae PAE}{@code (}{@value #PAYLOAD_TYPE}{@code ,
 * payload)}, with the payload {@code namespace "\n" (owner-key-text "\n")*}: the payload type
 * keeps it from ever verifying as a record signature, and the order of the owners is part of it.
 * Signatures travel as standard base64.
 *
 * @param namespace the namespace claimed
 * @param owners the owner keys, in the order the request lists them
 */
public record NamespaceClaim(String namespace, List<PublicKey> owners) {

    public static final String PAYLOAD_TYPE = "application/vnd.wreg.namespace-claim.v1";

    public NamespaceClaim {
        Objects.requireNonNull(namespace, "namespace");
        owners = List.copyOf(owners);
    }

    /** The bytes an owner key signs. */
    public byte[] signedBytes() {
        StringBuilder payload = new StringBuilder(namespace).append('\n');
        for (PublicKey owner : owners) {
            payload.append(owner.text()).append('\n');
        }
        return Envelope.pae(PAYLOAD_TYPE, payload.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code key}'s signature of this claim, base64. */
    public String sign(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.sign(signedBytes()));
    }

    /** Whether {@code signature} (base64) is {@code owner}'s signature of this claim. */
    public boolean isSignedBy(PublicKey owner, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return owner.verify(signedBytes(), raw);
    }
}
