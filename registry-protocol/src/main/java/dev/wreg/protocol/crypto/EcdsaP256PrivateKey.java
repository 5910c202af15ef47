package dev.wreg.protocol.crypto;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.internal.StrictBase64;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECDSA P-256 signing key, text form {@code ecdsa-p256:<base64 of the 32-byte scalar>}.
 * Signing is deterministic (RFC 6979) and produces low-S DER signatures, so signing the same
 * message twice gives the same bytes.
 */
public final class EcdsaP256PrivateKey implements PrivateKey {

    private final BigInteger scalar;
    private final EcdsaP256PublicKey publicKey;

    /** From the 32-byte big-endian scalar; code {@code invalid-key} unless 1 ≤ d &lt; n. */
    public EcdsaP256PrivateKey(byte[] scalarBytes) {
        if (scalarBytes == null || scalarBytes.length != 32) {
            throw new ProtocolException("invalid-key", "ecdsa-p256 private key must be a 32-byte scalar");
        }
        BigInteger d = new BigInteger(1, scalarBytes);
        if (d.signum() == 0 || d.compareTo(P256.DOMAIN.getN()) >= 0) {
            throw new ProtocolException("invalid-key", "ecdsa-p256 private key scalar is out of range");
        }
        this.scalar = d;
        this.publicKey = EcdsaP256PublicKey.fromPoint(
                new FixedPointCombMultiplier().multiply(P256.DOMAIN.getG(), d).normalize());
    }

    static EcdsaP256PrivateKey generate() {
        SecureRandom random = new SecureRandom();
        BigInteger n = P256.DOMAIN.getN();
        while (true) {
            BigInteger d = BigIntegers.createRandomBigInteger(256, random);
            if (d.signum() > 0 && d.compareTo(n) < 0) {
                return new EcdsaP256PrivateKey(BigIntegers.asUnsignedByteArray(32, d));
            }
        }
    }

    @Override
    public String text() {
        return EcdsaP256PublicKey.PREFIX + StrictBase64.encode(BigIntegers.asUnsignedByteArray(32, scalar));
    }

    @Override
    public EcdsaP256PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(scalar, P256.DOMAIN));
        BigInteger[] rs = signer.generateSignature(EcdsaP256PublicKey.sha256(message));
        BigInteger n = P256.DOMAIN.getN();
        BigInteger s = rs[1];
        if (s.compareTo(n.shiftRight(1)) > 0) {
            s = n.subtract(s); // low-S: one canonical signature per (key, message)
        }
        try {
            return StandardDSAEncoding.INSTANCE.encode(n, rs[0], s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaP256PrivateKey other && publicKey.equals(other.publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "EcdsaP256PrivateKey[public=" + publicKey.text() + "]";
    }
}
