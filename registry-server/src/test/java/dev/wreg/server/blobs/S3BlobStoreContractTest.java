package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * The blob-store contract against a real S3 API; subclasses say where one runs. Each test gets a
 * fresh bucket, and looks into it with its own client to find leftovers.
 */
abstract class S3BlobStoreContractTest extends BlobStoreContractTest {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    protected S3Client inspector;
    protected String bucket;

    protected abstract URI endpoint();

    protected abstract String accessKey();

    protected abstract String secretKey();

    @Override
    protected BlobStore createStore() {
        return createStore(false);
    }

    private S3BlobStore createStore(boolean presign) {
        if (inspector == null) {
            inspector = S3Client.builder()
                    .endpointOverride(endpoint())
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
                    .build();
            bucket = "wreg-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
            inspector.createBucket(b -> b.bucket(bucket));
        }
        return S3BlobStore.create(new S3BlobStore.Settings(
                endpoint(),
                "us-east-1",
                bucket,
                true,
                accessKey(),
                secretKey(),
                presign,
                Duration.ofMinutes(5),
                S3BlobStore.DEFAULT_PART_SIZE));
    }

    @AfterEach
    void closeInspector() {
        if (inspector != null) {
            inspector.close();
            inspector = null;
        }
    }

    @Override
    protected void assertNoUploadLeftovers() {
        assertThat(inspector
                        .listObjectsV2(b -> b.bucket(bucket).prefix(S3BlobStore.UPLOAD_PREFIX))
                        .contents())
                .isEmpty();
        assertThat(inspector.listMultipartUploads(b -> b.bucket(bucket)).uploads())
                .isEmpty();
    }

    @Override
    protected long persistedInProgressBytes() {
        long total = 0;
        for (MultipartUpload upload :
                inspector.listMultipartUploads(b -> b.bucket(bucket)).uploads()) {
            for (Part part : inspector
                    .listParts(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()))
                    .parts()) {
                total += part.size();
            }
        }
        return total;
    }

    @Override
    protected long maxBufferedBytes() {
        return S3BlobStore.DEFAULT_PART_SIZE + MB;
    }

    @Override
    protected boolean createdIsExact() {
        return false; // S3 has no conditional server-side copy
    }

    @Test
    void blobsLiveUnderTheirDigestKey() {
        byte[] bytes = randomBytes(2048, 31);
        Digest digest = Digest.sha256(bytes);

        store.put(digest, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertThat(inspector
                        .headObject(b -> b.bucket(bucket).key("sha256/" + digest.hex()))
                        .contentLength())
                .isEqualTo(2048);
    }

    @Test
    void presignedGetServesTheBlobWithoutCredentials() throws Exception {
        byte[] bytes = randomBytes(4096, 32);
        Digest digest = Digest.sha256(bytes);
        store.put(digest, new ByteArrayInputStream(bytes), NO_LIMIT);
        assertThat(store.presignedGet(digest)).isEmpty();

        try (S3BlobStore presigning = createStore(true)) {
            URI url = presigning.presignedGet(digest).orElseThrow();
            assertThat(url.getQuery()).contains("X-Amz-Expires=300");

            HttpResponse<byte[]> response;
            try (HttpClient http = HttpClient.newHttpClient()) {
                response =
                        http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(bytes);
        }
    }
}
