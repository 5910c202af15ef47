package dev.wreg.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {

    static final HexFormat HEX = HexFormat.of();
    static final byte[] MESSAGE = "wreg test message".getBytes(StandardCharsets.UTF_8);

    static List<Supplier<PrivateKey>> generators() {
        return List.of(PrivateKey::generateEd25519, PrivateKey::generateEcdsaP256);
    }

    @ParameterizedTest
    @MethodSource("generators")
    void textFormsRoundTrip(Supplier<PrivateKey> generator) {
        PrivateKey key = generator.get();
        PrivateKey reparsed = PrivateKey.parse(key.text());
        assertThat(reparsed).isEqualTo(key);
        assertThat(reparsed.publicKey()).isEqualTo(key.publicKey());
        PublicKey pub = PublicKey.parse(key.publicKey().text());
        assertThat(pub).isEqualTo(key.publicKey());
        assertThat(pub.text()).isEqualTo(key.publicKey().text());
        assertThat(pub.keyId()).isEqualTo(key.keyId());
        assertThat(key.toString())
                .doesNotContain(key.text().substring(key.text().indexOf(':') + 1));
    }

    @ParameterizedTest
    @MethodSource("generators")
    void signaturesVerifyOnlyForTheSignerAndTheMessage(Supplier<PrivateKey> generator) {
        PrivateKey key = generator.get();
        byte[] sig = key.sign(MESSAGE);
        assertThat(key.publicKey().verify(MESSAGE, sig)).isTrue();
        assertThat(generator.get().publicKey().verify(MESSAGE, sig)).isFalse();
        assertThat(PrivateKey.generateEd25519().publicKey().verify(MESSAGE, sig))
                .isFalse();
        assertThat(PrivateKey.generateEcdsaP256().publicKey().verify(MESSAGE, sig))
                .isFalse();
        byte[] other = MESSAGE.clone();
        other[0] ^= 1;
        assertThat(key.publicKey().verify(other, sig)).isFalse();
        byte[] flipped = sig.clone();
        flipped[sig.length - 1] ^= 1;
        assertThat(key.publicKey().verify(MESSAGE, flipped)).isFalse();
        assertThat(key.publicKey().verify(MESSAGE, new byte[0])).isFalse();
        assertThat(key.publicKey().verify(MESSAGE, new byte[64])).isFalse();
        assertThat(key.publicKey().verify(MESSAGE, new byte[500])).isFalse();
    }

    @Test
    void keyIdIsSha256OfTheKeyText() throws Exception {
        PublicKey key = PrivateKey.generateEd25519().publicKey();
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.text().getBytes(StandardCharsets.UTF_8));
        assertThat(key.keyId().value()).isEqualTo("sha256:" + HEX.formatHex(hash));
        assertThat(KeyId.parse(key.keyId().value())).isEqualTo(key.keyId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256:", "sha256:ABCDEF", "sha512:" + "00", "SHA256:" + "0"})
    void rejectsMalformedKeyIds(String text) {
        assertThatThrownBy(() -> KeyId.parse(text)).hasFieldOrPropertyWithValue("code", "invalid-key-id");
        assertThatThrownBy(() -> KeyId.parse("sha256:" + "A".repeat(64)))
                .hasFieldOrPropertyWithValue("code", "invalid-key-id");
    }

    /** RFC 8032 §7.1, TEST 1 (empty message). */
    @Test
    void ed25519MatchesRfc8032() {
        PrivateKey key = PrivateKey.parse("ed25519:"
                + Base64.getEncoder()
                        .encodeToString(
                                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
        assertThat(((Ed25519PublicKey) key.publicKey()).bytes())
                .isEqualTo(HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        assertThat(key.sign(new byte[0]))
                .isEqualTo(
                        HEX.parseHex(
                                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
    }

    /** RFC 6979 §A.2.5, P-256 with SHA-256, message "sample"; we emit the low-S form of the same signature. */
    @Test
    void ecdsaMatchesRfc6979() {
        PrivateKey key = PrivateKey.parse("ecdsa-p256:"
                + Base64.getEncoder()
                        .encodeToString(
                                HEX.parseHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721")));
        // Uy ends in 0x99 (odd), so the compressed prefix is 0x03.
        assertThat(((EcdsaP256PublicKey) key.publicKey()).compressed())
                .isEqualTo(HEX.parseHex("0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"));
        byte[] sig = key.sign("sample".getBytes(StandardCharsets.US_ASCII));
        ASN1Sequence seq = ASN1Sequence.getInstance(sig);
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        BigInteger n = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
        assertThat(r).isEqualTo(new BigInteger("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716", 16));
        assertThat(s)
                .isEqualTo(n.subtract(
                        new BigInteger("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8", 16)));
        assertThat(key.publicKey().verify("sample".getBytes(StandardCharsets.US_ASCII), sig))
                .isTrue();
        // The high-S twin is a valid ECDSA signature too; verification accepts it.
        byte[] highS = derSignature(r, n.subtract(s));
        assertThat(key.publicKey().verify("sample".getBytes(StandardCharsets.US_ASCII), highS))
                .isTrue();
    }

    static byte[] derSignature(BigInteger r, BigInteger s) {
        try {
            return new org.bouncycastle.asn1.DERSequence(
                            new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ecdsaRejectsNonDerSignatures() {
        PrivateKey key = PrivateKey.generateEcdsaP256();
        byte[] sig = key.sign(MESSAGE);
        byte[] trailing = java.util.Arrays.copyOf(sig, sig.length + 1);
        assertThat(key.publicKey().verify(MESSAGE, trailing)).isFalse();
        byte[] raw = new byte[64]; // IEEE P1363 r||s is not accepted
        assertThat(key.publicKey().verify(MESSAGE, raw)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ed25519",
                "ed25519:",
                "rsa:AAAA",
                "ED25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
                "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo", // missing padding
                "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo==",
                "ed25519: 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
                "ed25519:11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=", // URL-safe alphabet
                "ed25519:AAAA",
                "ecdsa-p256:AAAA",
            })
    void rejectsMalformedPublicKeys(String text) {
        assertThatThrownBy(() -> PublicKey.parse(text))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("code", "invalid-key");
    }

    @Test
    void acceptsTheRfc8032KeyText() {
        assertThat(PublicKey.parse("ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
                        .algorithm())
                .isEqualTo("ed25519");
    }

    @Test
    void rejectsEcdsaPointsThatAreNotOnTheCurveOrNotCompressed() {
        PublicKey key = PrivateKey.generateEcdsaP256().publicKey();
        byte[] compressed = ((EcdsaP256PublicKey) key).compressed();
        byte[] badPrefix = compressed.clone();
        badPrefix[0] = 0x04;
        assertThatThrownBy(() -> new EcdsaP256PublicKey(badPrefix)).hasFieldOrPropertyWithValue("code", "invalid-key");
        // x = p - 1 ... try x values until one has no square root: such an x is not on the curve.
        boolean foundOffCurve = false;
        for (int x = 1; x < 50 && !foundOffCurve; x++) {
            byte[] candidate = new byte[33];
            candidate[0] = 0x02;
            candidate[32] = (byte) x;
            try {
                new EcdsaP256PublicKey(candidate);
            } catch (ProtocolException e) {
                assertThat(e.code()).isEqualTo("invalid-key");
                foundOffCurve = true;
            }
        }
        assertThat(foundOffCurve).isTrue();
        byte[] uncompressed = new byte[65];
        uncompressed[0] = 0x04;
        assertThatThrownBy(() ->
                        PublicKey.parse("ecdsa-p256:" + Base64.getEncoder().encodeToString(uncompressed)))
                .hasFieldOrPropertyWithValue("code", "invalid-key");
    }

    @Test
    void rejectsMalformedPrivateKeys() {
        String zero = Base64.getEncoder().encodeToString(new byte[32]);
        String ff = Base64.getEncoder().encodeToString(HEX.parseHex("ff".repeat(32)));
        assertThatThrownBy(() -> PrivateKey.parse("ecdsa-p256:" + zero))
                .hasFieldOrPropertyWithValue("code", "invalid-key");
        assertThatThrownBy(() -> PrivateKey.parse("ecdsa-p256:" + ff))
                .hasFieldOrPropertyWithValue("code", "invalid-key");
        assertThatThrownBy(() -> PrivateKey.parse("ed25519:AAAA")).hasFieldOrPropertyWithValue("code", "invalid-key");
        assertThatThrownBy(() -> PrivateKey.parse("x25519:" + zero)).hasFieldOrPropertyWithValue("code", "invalid-key");
        assertThatThrownBy(() -> PrivateKey.parse(null)).hasFieldOrPropertyWithValue("code", "invalid-key");
        // A private key file usually ends with a newline; that must not matter.
        PrivateKey key = PrivateKey.generateEd25519();
        assertThat(PrivateKey.parse(key.text() + "\n")).isEqualTo(key);
    }

    @Test
    void ecdsaSigningIsDeterministic() {
        PrivateKey key = PrivateKey.generateEcdsaP256();
        assertThat(key.sign(MESSAGE)).isEqualTo(key.sign(MESSAGE));
    }
}
