package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The download side against a store that offers presigned URLs (as S3 with presigning does). */
class BlobControllerRedirectTest {

    private static final byte[] BYTES = "presigned".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(BYTES);
    private static final URI PRESIGNED = URI.create("https://bucket.example/blobs/abc?X-Amz-Signature=1");

    /** Downloads only: no upload is admitted here. */
    private final BlobController controller = new BlobController(new PresigningStore(), null);

    @Test
    void getRedirectsToThePresignedUrl() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        controller.get(DIGEST.toString(), new MockHttpServletRequest("GET", "/v1/blobs/" + DIGEST), response);
        assertThat(response.getStatus()).isEqualTo(307);
        assertThat(response.getHeader("Location")).isEqualTo(PRESIGNED.toString());
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    @Test
    void headAnswersLocallyWithTheSize() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        controller.get(DIGEST.toString(), new MockHttpServletRequest("HEAD", "/v1/blobs/" + DIGEST), response);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Content-Length")).isEqualTo(Integer.toString(BYTES.length));
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    private static final class PresigningStore implements BlobStore {
        @Override
        public StoredBlob put(Digest expected, InputStream in, long maxBytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<BlobInfo> stat(Digest digest) {
            return digest.equals(DIGEST) ? Optional.of(new BlobInfo(DIGEST, BYTES.length)) : Optional.empty();
        }

        @Override
        public InputStream open(Digest digest, long offset, long length) {
            return new ByteArrayInputStream(BYTES);
        }

        @Override
        public Optional<URI> presignedGet(Digest digest) {
            return Optional.of(PRESIGNED);
        }

        @Override
        public void putObject(String key, byte[] bytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> getObject(String key) {
            return Optional.empty();
        }

        @Override
        public void replaceObject(String key, byte[] bytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkAvailable() {}
    }
}
