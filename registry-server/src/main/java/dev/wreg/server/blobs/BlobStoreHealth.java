package dev.wreg.server.blobs;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Readiness of the blob store ({@code blobStore} in {@code /actuator/health/readiness}). */
@Component("blobStoreHealthIndicator")
public class BlobStoreHealth implements HealthIndicator {

    private final BlobStore store;

    public BlobStoreHealth(BlobStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            store.checkAvailable();
            return Health.up().build();
        } catch (BlobStoreException e) {
            return Health.down().withDetail("reason", e.getMessage()).build();
        }
    }
}
