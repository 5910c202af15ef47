package dev.wreg.protocol.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

    static final String ABC = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesAndPrints() {
        Digest d = Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(d.toString()).isEqualTo(ABC);
        assertThat(d.hex()).isEqualTo(ABC.substring(7));
        assertThat(Digest.parse(ABC)).isEqualTo(d).hasSameHashCodeAs(d);
        assertThat(d.algorithm()).isEqualTo("sha256");
    }

    @Test
    void streamingMatchesOneShot() throws Exception {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Sha256Hasher hasher = new Sha256Hasher();
        hasher.update(data, 0, 1000).update(data, 1000, data.length - 1000);
        assertThat(hasher.size()).isEqualTo(data.length);
        assertThat(hasher.digest()).isEqualTo(Digest.sha256(data));
        assertThat(Digest.sha256(new ByteArrayInputStream(data))).isEqualTo(Digest.sha256(data));
    }

    @Test
    void bytesCannotBeChangedFromOutside() {
        Digest d = Digest.parse(ABC);
        d.bytes()[0] = 0;
        assertThat(d.toString()).isEqualTo(ABC);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "sha256:",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
                "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
                "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
                "sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ag",
                " sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"
            })
    void parsingIsStrict(String text) {
        assertThatThrownBy(() -> Digest.parse(text)).hasFieldOrPropertyWithValue("code", "invalid-digest");
    }
}
