package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blob downloads through the real Tomcat connector, which sends filesystem blobs with sendfile:
 * whole, one range, and HEAD answer with the stored bytes and the headers clients rely on.
 */
class BlobDownloadIntegrationTest extends RegistryIntegrationTest {

    private static final int SIZE = 60_000;

    private byte[] bytes;
    private Digest digest;

    @BeforeEach
    void uploadABlob() {
        bytes = new byte[SIZE];
        new Random(System.nanoTime()).nextBytes(bytes);
        System.arraycopy(COMPONENT_PREAMBLE, 0, bytes, 0, COMPONENT_PREAMBLE.length);
        digest = upload(bytes);
    }

    @Test
    void aWholeBlobComesBackWithItsHeaders() {
        HttpResponse<byte[]> response = get("/v1/blobs/" + digest);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
        assertCommonHeaders(response, SIZE);
        assertThat(response.headers().firstValue("Content-Range")).isEmpty();
    }

    @Test
    void aRangeComesBackAsPartialContent() {
        HttpResponse<byte[]> response =
                send(HttpRequest.newBuilder(uri("/v1/blobs/" + digest)).header("Range", "bytes=1000-40999"));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 41000));
        assertCommonHeaders(response, 40000);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 1000-40999/" + SIZE);
    }

    @Test
    void theLastBytesComeBackForASuffixRange() {
        HttpResponse<byte[]> response =
                send(HttpRequest.newBuilder(uri("/v1/blobs/" + digest)).header("Range", "bytes=-10"));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(bytes, SIZE - 10, SIZE));
        assertThat(response.headers().firstValue("Content-Range"))
                .hasValue("bytes " + (SIZE - 10) + "-" + (SIZE - 1) + "/" + SIZE);
    }

    @Test
    void headGivesTheHeadersAndNoBody() {
        HttpResponse<byte[]> response = send(
                HttpRequest.newBuilder(uri("/v1/blobs/" + digest)).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertCommonHeaders(response, SIZE);
    }

    @Test
    void theSameConnectionServesTheNextRequestsAfterASentFile() {
        // The client keeps its connection: after a sendfile answer the connector must read the
        // next request from the same socket, and a ranged one in between must not shift it.
        for (int i = 0; i < 5; i++) {
            assertThat(get("/v1/blobs/" + digest).body()).isEqualTo(bytes);
            HttpResponse<byte[]> ranged = send(
                    HttpRequest.newBuilder(uri("/v1/blobs/" + digest)).header("Range", "bytes=" + i + "-" + (i + 9)));
            assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(bytes, i, i + 10));
        }
    }

    private void assertCommonHeaders(HttpResponse<byte[]> response, long length) {
        var headers = response.headers();
        assertThat(headers.firstValue("Content-Length")).hasValue(Long.toString(length));
        assertThat(headers.firstValue("Content-Type")).hasValue("application/wasm");
        assertThat(headers.firstValue("ETag")).hasValue("\"" + digest + "\"");
        assertThat(headers.firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(headers.firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + digest.hex() + ".wasm\"");
        assertThat(headers.firstValue("Content-Encoding")).isEmpty();
    }
}
