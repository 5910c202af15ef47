package dev.wreg.protocol.crypto;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.internal.StrictBase64;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECDSA P-256 public key, text form {@code ecdsa-p256:<base64 of the 33-byte SEC1 compressed
 * point>} (warg's format). Signatures are ECDSA with SHA-256, DER-encoded.
 */
public final class EcdsaP256PublicKey implements PublicKey {

    static final String PREFIX = "ecdsa-p256:";

    private final byte[] compressed;
    private final ECPoint point;
    private final String text;

    /** From the SEC1 compressed point; code {@code invalid-key} if it is not one on P-256. */
    public EcdsaP256PublicKey(byte[] compressed) {
        if (compressed == null || compressed.length != 33 || (compressed[0] != 0x02 && compressed[0] != 0x03)) {
            throw new ProtocolException(
                    "invalid-key", "ecdsa-p256 public key must be a 33-byte SEC1 compressed point (0x02/0x03 prefix)");
        }
        ECPoint decoded;
        try {
            decoded = P256.DOMAIN.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("invalid-key", "ecdsa-p256 public key is not a point on P-256");
        }
        if (decoded.isInfinity() || !decoded.isValid()) {
            throw new ProtocolException("invalid-key", "ecdsa-p256 public key is not a valid point on P-256");
        }
        this.compressed = compressed.clone();
        this.point = decoded.normalize();
        this.text = PREFIX + StrictBase64.encode(this.compressed);
    }

    static EcdsaP256PublicKey fromPoint(ECPoint point) {
        return new EcdsaP256PublicKey(point.getEncoded(true));
    }

    /** The 33-byte SEC1 compressed point (a copy). */
    public byte[] compressed() {
        return compressed.clone();
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public String algorithm() {
        return "ecdsa-p256";
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length > 80) {
            return false;
        }
        BigInteger[] rs;
        try {
            // StandardDSAEncoding rejects non-DER (e.g. BER or padded) encodings and out-of-range values.
            rs = StandardDSAEncoding.INSTANCE.decode(P256.DOMAIN.getN(), signature);
        } catch (Exception e) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, P256.DOMAIN));
        return verifier.verifySignature(sha256(message), rs[0], rs[1]);
    }

    static byte[] sha256(byte[] message) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(message, 0, message.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaP256PublicKey other && Arrays.equals(compressed, other.compressed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compressed);
    }

    @Override
    public String toString() {
        return text;
    }
}
