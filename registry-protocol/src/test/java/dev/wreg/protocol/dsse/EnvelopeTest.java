package dev.wreg.protocol.dsse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {

    static final PrivateKey KEY = PrivateKey.generateEd25519();
    static final byte[] PAYLOAD = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The example from the DSSE v1 protocol document. */
    @Test
    void paeMatchesTheSpecification() {
        assertThat(utf8(Envelope.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        assertThat(utf8(Envelope.pae("", new byte[0]))).isEqualTo("DSSEv1 0  0 ");
        // Lengths count UTF-8 bytes, not characters.
        assertThat(utf8(Envelope.pae("é", "ü".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("DSSEv1 2 é 2 ü");
    }

    @Test
    void signsVerifiesAndPrintsInProtocolKeyOrder() {
        Envelope env = Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, PAYLOAD, KEY);
        assertThat(env.verifiedBy(KEY.publicKey())).isTrue();
        assertThat(env.verifiedBy(PrivateKey.generateEd25519().publicKey())).isFalse();
        String sig =
                Base64.getEncoder().encodeToString(env.signatures().getFirst().sig());
        assertThat(utf8(env.toJson()))
                .isEqualTo("{\"payload\":\"" + Base64.getEncoder().encodeToString(PAYLOAD) + "\",\"payloadType\":\""
                        + Envelope.RECORD_PAYLOAD_TYPE + "\",\"signatures\":[{\"keyid\":\""
                        + KEY.keyId().value()
                        + "\",\"sig\":\"" + sig + "\"}]}");
        assertThat(Envelope.parse(env.toJson())).isEqualTo(env);
    }

    @Test
    void detectsTampering() {
        Envelope env = Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, PAYLOAD, KEY);
        byte[] payload = env.payload();
        payload[3] ^= 1;
        assertThat(new Envelope(env.payloadType(), payload, env.signatures()).verifiedBy(KEY.publicKey()))
                .isFalse();
        assertThat(new Envelope(Envelope.OPERATOR_RECORD_PAYLOAD_TYPE, env.payload(), env.signatures())
                        .verifiedBy(KEY.publicKey()))
                .as("a signature cannot be moved to another payload type")
                .isFalse();
        byte[] sig = env.signatures().getFirst().sig();
        sig[0] ^= 1;
        assertThat(new Envelope(
                                env.payloadType(),
                                env.payload(),
                                List.of(new Signature(KEY.keyId().value(), sig)))
                        .verifiedBy(KEY.publicKey()))
                .isFalse();
        PrivateKey other = PrivateKey.generateEcdsaP256();
        Envelope wrongKeyId = new Envelope(
                env.payloadType(),
                env.payload(),
                List.of(new Signature(
                        other.keyId().value(), env.signatures().getFirst().sig())));
        assertThat(wrongKeyId.verifiedBy(KEY.publicKey()))
                .as("keyid must name the verifying key")
                .isFalse();
    }

    @Test
    void cosignaturesVerifyIndependently() {
        PrivateKey second = PrivateKey.generateEcdsaP256();
        Envelope env = Envelope.sign("text/plain", PAYLOAD, KEY).addSignature(second);
        assertThat(env.verifiedBy(KEY.publicKey())).isTrue();
        assertThat(env.verifiedBy(second.publicKey())).isTrue();
        assertThat(env.signerKeyIds()).containsExactly(KEY.keyId(), second.keyId());
    }

    static final String KEYID = "sha256:abababababababababababababababababababababababababababababababab";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "null",
                "{}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\"}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}],\"extra\":1}",
                "{\"payload\":\"e30=\",\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}]}",
                "{\"payload\":\"e30\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}]}",
                "{\"payload\":\"e3!=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAA\"}]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"\"}]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"key-1\",\"sig\":\"AAAA\"}]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AAAA\"}]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\",\"cert\":null}]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}]}",
                "{\"payload\":\"e30=\",\"payloadType\":7,\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}]}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}]} trailing",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\"}]}{}",
                "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"" + KEYID
                        + "\",\"sig\":\"AAAA\",}]}",
                "{'payload':'e30='}"
            })
    void parsingIsStrict(String json) {
        assertThatThrownBy(() -> Envelope.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class)
                .hasFieldOrPropertyWithValue("code", "invalid-envelope");
    }

    @Test
    void acceptsAWellFormedEnvelopeInAnyKeyOrder() {
        String json = "{\"signatures\":[{\"sig\":\"AAAA\",\"keyid\":\"" + KEYID
                + "\"}],\"payloadType\":\"t\",\"payload\":\"e30=\"}";
        Envelope env = Envelope.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(utf8(env.payload())).isEqualTo("{}");
        assertThat(env.signatures())
                .singleElement()
                .extracting(Signature::keyid)
                .isEqualTo(KEYID);
    }

    @Test
    void refusesOversizedAndInvalidUtf8Input() {
        byte[] huge = new byte[Envelope.MAX_JSON_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> Envelope.parse(huge)).hasFieldOrPropertyWithValue("code", "invalid-envelope");
        byte[] badUtf8 = "{\"payload\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Envelope.parse(badUtf8)).hasFieldOrPropertyWithValue("code", "invalid-envelope");
        byte[] deep = ("[".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Envelope.parse(deep)).hasFieldOrPropertyWithValue("code", "invalid-envelope");
    }

    static final Envelope SIGNED = Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, PAYLOAD, KEY);

    @Property(tries = 100)
    void anySingleByteChangeIsDetectedOrRejected(@ForAll @IntRange(min = 0, max = 10_000) int position) {
        Envelope env = SIGNED;
        byte[] json = env.toJson();
        int at = position % json.length;
        json[at] ^= 0x01;
        try {
            Envelope changed = Envelope.parse(json);
            if (!changed.equals(env)) {
                assertThat(changed.verifiedBy(KEY.publicKey())).isFalse();
            }
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo("invalid-envelope");
        }
    }
}
