package dev.wreg.server.blobs;

import java.net.URI;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The S3 store against a real MinIO server in a container; skipped where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class MinioBlobStoreTest extends S3BlobStoreContractTest {

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

    @Override
    protected URI endpoint() {
        return URI.create(MINIO.getS3URL());
    }

    @Override
    protected String accessKey() {
        return MINIO.getUserName();
    }

    @Override
    protected String secretKey() {
        return MINIO.getPassword();
    }
}
