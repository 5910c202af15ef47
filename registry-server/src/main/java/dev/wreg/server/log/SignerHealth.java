package dev.wreg.server.log;

import dev.wreg.protocol.log.NoteSigner;
import dev.wreg.protocol.log.VerifierKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the log's signer ({@code signer} in {@code /actuator/health/readiness}): the
 * operator key signs a probe text and the signature verifies under the verifier key clients pin.
 * A replica whose key cannot sign, or signs as another key than the one it publishes, must not
 * take publishes: each would fail after its record was checked.
 */
@Component("signerHealthIndicator")
public class SignerHealth implements HealthIndicator {

    private static final byte[] PROBE = "wreg readiness probe\n".getBytes(StandardCharsets.UTF_8);

    private final NoteSigner signer;
    private final VerifierKey published;
    private final Supplier<EarlierSigningKeys> chain;

    @Autowired
    public SignerHealth(LogSigner signer, ObjectProvider<EarlierSigningKeys> chain) {
        this(signer.signer(), signer.verifierKey(), () -> chain.getIfAvailable(() -> EarlierSigningKeys.NONE));
    }

    SignerHealth(NoteSigner signer, VerifierKey published) {
        this(signer, published, () -> EarlierSigningKeys.NONE);
    }

    private SignerHealth(NoteSigner signer, VerifierKey published, Supplier<EarlierSigningKeys> chain) {
        this.signer = signer;
        this.published = published;
        this.chain = chain;
    }

    @Override
    public Health health() {
        try {
            byte[] signature = signer.sign(PROBE);
            if (!published.verifier().verify(PROBE, signature)) {
                return Health.down()
                        .withDetail(
                                "reason", "the operator key's signature does not verify under " + published.keyName())
                        .build();
            }
            Optional<String> handedOver = chain.get().ownKeyHandedOver();
            if (handedOver.isPresent()) {
                return Health.down().withDetail("reason", handedOver.get()).build();
            }
            return Health.up().build();
        } catch (RuntimeException e) {
            return Health.down()
                    .withDetail("reason", "the operator key cannot sign: " + e.getMessage())
                    .build();
        }
    }
}
