package dev.wreg.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.blobs.BlobStoreException;
import dev.wreg.server.blobs.FilesystemBlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

class BlobStoreErrorsTest {

    @TempDir
    Path dir;

    @Test
    void countsTheStoreFailingButNotTheClientsMistakes() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("meters", meters);
        BlobStoreErrors errors = new BlobStoreErrors(beans.getBeanProvider(MeterRegistry.class));
        errors.bindTo(meters);
        Path root = dir.resolve("blobs");
        BlobStore store = (BlobStore) errors.postProcessAfterInitialization(new FilesystemBlobStore(root), "blobStore");

        byte[] bytes = {1, 2, 3};
        store.put(Digest.sha256(bytes), new ByteArrayInputStream(bytes), 10);
        // A missing blob and a wrong digest are the client's business.
        assertThatThrownBy(() -> store.open(Digest.sha256(new byte[] {9}), 0, -1))
                .isInstanceOf(BlobStoreException.class);
        assertThatThrownBy(() -> store.put(Digest.sha256(new byte[] {7}), new ByteArrayInputStream(bytes), 10))
                .isInstanceOf(BlobStoreException.class);
        assertThat(meters.get("wreg.blobstore.errors")
                        .tag("operation", "open")
                        .counter()
                        .count())
                .isZero();
        assertThat(meters.get("wreg.blobstore.errors")
                        .tag("operation", "put")
                        .counter()
                        .count())
                .isZero();

        // The store's directory replaced by a file: every write fails as the disk would.
        deleteTree(root);
        Files.writeString(root, "not a directory");
        byte[] other = {4, 5, 6};
        assertThatThrownBy(() -> store.put(Digest.sha256(other), new ByteArrayInputStream(other), 10))
                .isInstanceOf(BlobStoreException.class)
                .extracting(e -> ((BlobStoreException) e).code())
                .isEqualTo(BlobStoreException.STORAGE_UNAVAILABLE);
        assertThat(meters.get("wreg.blobstore.errors")
                        .tag("operation", "put")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("wreg.blobstore.errors")
                        .tag("operation", "stat")
                        .counter()
                        .count())
                .isZero();
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
