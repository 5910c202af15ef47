package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.digest.Digest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The bean wiring alone (no web server, no database): which store the properties give. */
class BlobStoreConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(BlobStoreConfiguration.class);

    @TempDir
    Path dataDir;

    @Test
    void filesystemStoreUnderTheDataDirIsTheDefault() {
        runner.withPropertyValues("wreg.data-dir=" + dataDir).run(context -> {
            BlobStore store = context.getBean(BlobStore.class);
            assertThat(store).isInstanceOf(FilesystemBlobStore.class);
            byte[] bytes = {1, 2, 3};
            Digest digest = Digest.sha256(bytes);
            store.put(digest, new ByteArrayInputStream(bytes), 10);
            assertThat(Files.exists(dataDir.resolve("blobs/sha256")
                            .resolve(digest.hex().substring(0, 2))
                            .resolve(digest.hex())))
                    .isTrue();
        });
    }

    @Test
    void s3StoreIsBuiltFromItsProperties() {
        runner.withPropertyValues(
                        "wreg.blobs.type=s3",
                        "wreg.blobs.s3.endpoint=http://127.0.0.1:9",
                        "wreg.blobs.s3.bucket=wreg",
                        "wreg.blobs.s3.path-style=true",
                        "wreg.blobs.s3.access-key=a",
                        "wreg.blobs.s3.secret-key=b",
                        "wreg.blobs.s3.presign=true",
                        "wreg.blobs.s3.presign-ttl=10m")
                .run(context -> {
                    BlobStore store = context.getBean(BlobStore.class);
                    assertThat(store).isInstanceOf(S3BlobStore.class);
                    // Presigning is local signing, no request: the URL shows the settings.
                    String url = store.presignedGet(Digest.sha256(new byte[0]))
                            .orElseThrow()
                            .toString();
                    assertThat(url)
                            .startsWith("http://127.0.0.1:9/wreg/sha256/")
                            .contains("X-Amz-Expires=600");
                });
    }

    @Test
    void s3StoreWithoutBucketRefusesToStart() {
        runner.withPropertyValues("wreg.blobs.type=s3")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("wreg.blobs.s3.bucket"));
    }

    @Test
    void s3StoreUnreachableSurfacesAsStorageUnavailable() {
        runner.withPropertyValues(
                        "wreg.blobs.type=s3",
                        "wreg.blobs.s3.endpoint=http://127.0.0.1:9",
                        "wreg.blobs.s3.bucket=wreg",
                        "wreg.blobs.s3.path-style=true",
                        "wreg.blobs.s3.access-key=a",
                        "wreg.blobs.s3.secret-key=b")
                .run(context -> {
                    BlobStore store = context.getBean(BlobStore.class);
                    assertThatThrownBy(() -> store.stat(Digest.sha256(new byte[0])))
                            .isInstanceOf(BlobStoreException.class)
                            .satisfies(e ->
                                    assertThat(((BlobStoreException) e).code()).isEqualTo("storage-unavailable"));
                });
    }
}
