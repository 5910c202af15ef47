package dev.wreg.protocol.dsse;

import dev.wreg.protocol.crypto.KeyId;
import java.util.Arrays;
import java.util.Objects;

/**
 * One DSSE signature: the signer's key ID and the signature over the envelope's PAE.
 *
 * @param keyid {@code sha256:…} key ID of the signing key
 * @param sig the raw signature bytes (the accessor returns a copy)
 */
public record Signature(String keyid, byte[] sig) {

    public Signature {
        Objects.requireNonNull(keyid, "keyid");
        Objects.requireNonNull(sig, "sig");
        sig = sig.clone();
    }

    /** The key ID, parsed. */
    public KeyId keyId() {
        return KeyId.parse(keyid);
    }

    @Override
    public byte[] sig() {
        return sig.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature other && keyid.equals(other.keyid) && Arrays.equals(sig, other.sig);
    }

    @Override
    public int hashCode() {
        return 31 * keyid.hashCode() + Arrays.hashCode(sig);
    }

    @Override
    public String toString() {
        return "Signature[keyid=" + keyid + ", " + sig.length + " bytes]";
    }
}
