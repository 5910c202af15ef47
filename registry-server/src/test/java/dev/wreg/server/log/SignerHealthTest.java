package dev.wreg.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.log.Ed25519NoteSigner;
import dev.wreg.protocol.log.NoteSigner;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class SignerHealthTest {

    @Test
    void upWhenTheKeySignsAsThePublishedKey() {
        Ed25519NoteSigner signer = Ed25519NoteSigner.generate("example.com/log");
        assertThat(new SignerHealth(signer, signer.verifierKey()).health().getStatus())
                .isEqualTo(Status.UP);
    }

    @Test
    void downWhenTheKeySignsAsAnotherKeyThanThePublishedOne() {
        Ed25519NoteSigner published = Ed25519NoteSigner.generate("example.com/log");
        Ed25519NoteSigner loaded = Ed25519NoteSigner.generate("example.com/log");
        var health = new SignerHealth(loaded, published.verifierKey()).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason").toString()).contains("does not verify");
    }

    @Test
    void downWhenTheKeyCannotSign() {
        NoteSigner unusable = new NoteSigner() {
            @Override
            public String keyName() {
                return "example.com/log";
            }

            @Override
            public int keyId() {
                return 0;
            }

            @Override
            public byte[] sign(byte[] text) {
                throw new IllegalStateException("the key store is locked");
            }
        };
        var health = new SignerHealth(
                        unusable, Ed25519NoteSigner.generate("example.com/log").verifierKey())
                .health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason").toString()).contains("the key store is locked");
    }
}
