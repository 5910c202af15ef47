package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Downloads from the filesystem store handed to Tomcat's sendfile: the handler names the published
 * blob file and the range, writes no body, and answers with exactly the headers a streamed
 * download has; without the connector's support (or without a local file) it streams.
 */
class BlobSendfileTest {

    private static final int SIZE = 200_000;

    @TempDir
    Path root;

    private FilesystemBlobStore store;
    private BlobController controller;
    private byte[] bytes;
    private Digest digest;

    @BeforeEach
    void storeABlob() {
        store = new FilesystemBlobStore(root);
        controller = new BlobController(store, null);
        bytes = new byte[SIZE];
        new Random(15).nextBytes(bytes);
        System.arraycopy(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}, 0, bytes, 0, 8);
        digest = store.put(null, new ByteArrayInputStream(bytes), SIZE).digest();
    }

    @ParameterizedTest(name = "{0} Range: {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "GET|none|0|200000|200",
                "GET|bytes=100-5099|100|5100|206",
                "GET|bytes=-300|199700|200000|206",
                "GET|bytes=199999-|199999|200000|206",
                "GET|bytes=0-0,5-6|0|200000|200",
            })
    void sendfileAnswersWithTheStreamedHeadersAndNamesThePublishedFile(
            String method, String range, long start, long end, int status) throws Exception {
        MockHttpServletResponse streamed = download(method, range, false);
        MockHttpServletRequest request = request(method, range, true);
        MockHttpServletResponse sent = new MockHttpServletResponse();
        controller.get(digest.toString(), request, sent);

        assertThat(streamed.getStatus()).isEqualTo(status);
        assertThat(streamed.getContentAsByteArray()).isEqualTo(Arrays.copyOfRange(bytes, (int) start, (int) end));
        assertThat(sent.getStatus()).isEqualTo(status);
        assertThat(headers(sent)).isEqualTo(headers(streamed));
        assertThat(sent.getContentAsByteArray()).isEmpty();

        Path file = Path.of((String) request.getAttribute(TomcatSendfile.FILENAME));
        assertThat(file).isAbsolute().isEqualTo(store.blobPath(digest).toAbsolutePath());
        assertThat(file.startsWith(store.tmpDir().toAbsolutePath())).isFalse();
        assertThat(request.getAttribute(TomcatSendfile.START)).isEqualTo(start);
        assertThat(request.getAttribute(TomcatSendfile.END)).isEqualTo(end);
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(Arrays.copyOfRange(onDisk, (int) start, (int) end)).isEqualTo(streamed.getContentAsByteArray());
    }

    @Test
    void headAnswersWithTheSameHeadersAndHandsNothingOver() throws Exception {
        MockHttpServletRequest request = request("HEAD", null, true);
        MockHttpServletResponse head = new MockHttpServletResponse();
        controller.get(digest.toString(), request, head);

        assertThat(head.getStatus()).isEqualTo(200);
        assertThat(headers(head)).isEqualTo(headers(download("GET", null, false)));
        assertThat(head.getContentAsByteArray()).isEmpty();
        assertThat(request.getAttribute(TomcatSendfile.FILENAME)).isNull();
    }

    @Test
    void withoutTheConnectorsSupportTheBlobIsStreamed() throws Exception {
        MockHttpServletRequest request = request("GET", "bytes=10-19", false);
        MockHttpServletResponse response = new MockHttpServletResponse();
        controller.get(digest.toString(), request, response);

        assertThat(response.getContentAsByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
        assertThat(request.getAttribute(TomcatSendfile.FILENAME)).isNull();
    }

    @Test
    void aStoreWithoutLocalFilesIsStreamedEvenWhenTomcatCouldSendFiles() throws Exception {
        BlobController remote = new BlobController(new WithoutLocalFiles(store), null);
        MockHttpServletRequest request = request("GET", null, true);
        MockHttpServletResponse response = new MockHttpServletResponse();
        remote.get(digest.toString(), request, response);

        assertThat(response.getContentAsByteArray()).isEqualTo(bytes);
        assertThat(request.getAttribute(TomcatSendfile.FILENAME)).isNull();
    }

    private MockHttpServletResponse download(String method, String range, boolean sendfile) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        controller.get(digest.toString(), request(method, range, sendfile), response);
        return response;
    }

    private MockHttpServletRequest request(String method, String range, boolean sendfile) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/v1/blobs/" + digest);
        if (range != null) {
            request.addHeader("Range", range);
        }
        if (sendfile) {
            request.setAttribute(TomcatSendfile.SUPPORT, Boolean.TRUE);
        }
        return request;
    }

    private static Map<String, String> headers(MockHttpServletResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : response.getHeaderNames()) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", response.getHeaders(name)));
        }
        return headers;
    }

    /** The filesystem store as a remote store looks to the controller: bytes only as a stream. */
    private record WithoutLocalFiles(BlobStore inner) implements BlobStore {
        @Override
        public StoredBlob put(Digest expected, InputStream in, long maxBytes) {
            return inner.put(expected, in, maxBytes);
        }

        @Override
        public Optional<BlobInfo> stat(Digest digest) {
            return inner.stat(digest);
        }

        @Override
        public InputStream open(Digest digest, long offset, long length) {
            return inner.open(digest, offset, length);
        }

        @Override
        public Optional<URI> presignedGet(Digest digest) {
            return Optional.empty();
        }

        @Override
        public void putObject(String key, byte[] bytes) {
            inner.putObject(key, bytes);
        }

        @Override
        public Optional<byte[]> getObject(String key) {
            return inner.getObject(key);
        }

        @Override
        public void replaceObject(String key, byte[] bytes) {
            inner.replaceObject(key, bytes);
        }

        @Override
        public void checkAvailable() {
            inner.checkAvailable();
        }
    }
}
