package dev.wreg.server.blobs;

import dev.wreg.testsupport.Prerequisites;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;

/**
 * The S3 store against a real MinIO server in a container. Without Docker the class skips with one
 * line, and fails instead under {@code -Dwreg.docker.required=true} (which {@code .ci/run} sets
 * where Docker runs), so a CI run with Docker cannot pass without it.
 */
class MinioBlobStoreTest extends S3BlobStoreContractTest {

    static final String REQUIRED = "wreg.docker.required";

    private static MinIOContainer minio;

    @BeforeAll
    static void startMinio() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw Prerequisites.missing(
                    REQUIRED, "Docker is not available: the MinIO blob-store contract tests are skipped");
        }
        minio = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");
        minio.start();
    }

    @AfterAll
    static void stopMinio() {
        if (minio != null) {
            minio.stop();
        }
    }

    @Override
    protected URI endpoint() {
        return URI.create(minio.getS3URL());
    }

    @Override
    protected String accessKey() {
        return minio.getUserName();
    }

    @Override
    protected String secretKey() {
        return minio.getPassword();
    }
}
