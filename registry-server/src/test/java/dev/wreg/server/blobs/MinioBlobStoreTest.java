package dev.wreg.server.blobs;

import dev.wreg.testsupport.Prerequisites;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;

/**
 * The S3 store against a real MinIO server in a container. Without Docker the class skips with one
 * line, and fails instead under {@code -Dwreg.docker.required=true} (which {@code .ci/run} sets
 * where Docker runs), so a CI run with Docker cannot pass without it.
 */
@ExtendWith(MinioBlobStoreTest.NeedsDocker.class)
class MinioBlobStoreTest extends S3BlobStoreContractTest {

    static final String REQUIRED = "wreg.docker.required";

    private static MinIOContainer minio;

    private static final String NO_DOCKER =
            "Docker is not available (no DOCKER_HOST, no docker socket): the MinIO blob-store contract tests are skipped";

    /** Disables the class without Docker (its tests counted as skipped); enabled under the flag. */
    static final class NeedsDocker implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return dockerAvailable()
                    ? ConditionEvaluationResult.enabled("Docker is there")
                    : Prerequisites.condition(REQUIRED, NO_DOCKER);
        }
    }

    @BeforeAll
    static void startMinio() {
        if (!dockerAvailable()) {
            throw Prerequisites.missing(REQUIRED, NO_DOCKER);
        }
        minio = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");
        minio.start();
    }

    /**
     * Asks Testcontainers only where a Docker endpoint is configured at all: its own probe logs a
     * dozen lines of failed strategies on a machine without Docker.
     */
    private static boolean dockerAvailable() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        boolean configured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))
                || (runtime != null && Files.exists(Path.of(runtime, "docker.sock")));
        return configured && DockerClientFactory.instance().isDockerAvailable();
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
