package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.testsupport.NeedsSharedData;
import dev.wreg.testsupport.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store with {@code wreg.blobs.s3.presign=true}: blob GETs through {@code /v1/blobs} and
 * {@code /v2/} answer 307 to a presigned URL on the object store (S3Proxy in this JVM), the real
 * {@code ./wreg} follows it and still checks the digest of what it got, and HEAD stays local.
 */
@NeedsSharedData("fixtures/wasm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresignedDownloadEndToEndTest {

    private static final String BUCKET = "wreg-presigned";
    private static final String S3_ACCESS = "wreg-access";
    private static final String S3_SECRET = "wreg-secret-key-for-presigned-tests";
    private static final int INTEGRITY = 6;

    @TempDir
    static Path work;

    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Path root;
    private S3Proxy s3;
    private ServerProcess server;
    private String token;
    private Path hello;
    private Digest digest;
    private final String pkg = "presigned:hello";

    @BeforeAll
    void startTheStoreAndTheServer() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        Path jar = root.resolve("registry-server/target/registry-server.jar");
        assertThat(jar)
                .as("built by the registry-server module before this one")
                .isRegularFile();

        Files.createDirectories(work.resolve("s3").resolve(BUCKET)); // the filesystem backend's bucket is a folder
        s3 = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(work.resolve("s3").toString()))
                .endpoint(URI.create("http://127.0.0.1:" + ServerProcess.freePort()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS, S3_SECRET)
                .build();
        s3.start();
        while (!s3.getState().equals("STARTED")) {
            Thread.sleep(10);
        }

        token = "wreg_PresignedDownloadEndToEndTestToken0123";
        Path dir = Files.createDirectories(work.resolve("server"));
        server = ServerProcess.start(
                jar,
                dir,
                dir.resolve("data"),
                ServerProcess.freePort(),
                List.of(
                        "--wreg.blobs.type=s3",
                        "--wreg.blobs.s3.endpoint=http://127.0.0.1:" + s3.getPort(),
                        "--wreg.blobs.s3.bucket=" + BUCKET,
                        "--wreg.blobs.s3.path-style=true",
                        "--wreg.blobs.s3.access-key=" + S3_ACCESS,
                        "--wreg.blobs.s3.secret-key=" + S3_SECRET,
                        "--wreg.blobs.s3.presign=true",
                        "--wreg.blobs.s3.presign-ttl=5m"),
                Map.of("WREG_BOOTSTRAP_TOKEN", token));
        server.awaitReady(Duration.ofMinutes(10));

        hello = SharedData.fixtureWasm("hello");
        digest = Digest.sha256(Files.readAllBytes(hello));
        WregRunner publisher = loggedIn("publisher");
        ok(publisher, "namespace", "claim", "presigned");
        ok(publisher, "publish", hello.toString(), "--package", pkg, "--version", "0.1.0");
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (server != null) {
            server.close();
        }
        if (s3 != null) {
            s3.stop();
        }
    }

    @Test
    @Order(1)
    void blobGetsRedirectToTheStoreWhichServesTheBytes() throws Exception {
        byte[] expected = Files.readAllBytes(hello);
        for (String path : List.of("/v1/blobs/" + digest, "/v2/presigned/hello/blobs/" + digest)) {
            HttpResponse<byte[]> redirect = NO_REDIRECTS.send(
                    HttpRequest.newBuilder(server.baseUri().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(redirect.statusCode()).as(path).isEqualTo(307);
            URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
            assertThat(location.getPort()).as(path).isEqualTo(s3.getPort());
            assertThat(location.getRawQuery()).as(path).contains("X-Amz-Signature=", "X-Amz-Expires=300");

            HttpResponse<byte[]> fromStore = NO_REDIRECTS.send(
                    HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fromStore.statusCode()).as(path).isEqualTo(200);
            assertThat(fromStore.body()).as(path).isEqualTo(expected);
        }
    }

    @Test
    @Order(2)
    void headIsAnsweredByTheRegistryWithTheSize() throws Exception {
        HttpResponse<Void> head = NO_REDIRECTS.send(
                HttpRequest.newBuilder(server.baseUri().resolve("/v1/blobs/" + digest))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Long.toString(Files.size(hello)));
    }

    @Test
    @Order(3)
    void theCliFollowsTheRedirectAndVerifiesWhatTheStoreSent() throws Exception {
        WregRunner reader = loggedIn("reader");
        ok(reader, "fetch", pkg + "@0.1.0", "-o", "fetched.wasm");
        assertThat(reader.home().resolve("fetched.wasm")).hasSameBinaryContentAs(hello);

        // The store now hands out other bytes under the blob's key: a client that followed the
        // redirect without checking would take them.
        Path object = work.resolve("s3").resolve(BUCKET).resolve("sha256").resolve(digest.hex());
        assertThat(object).isRegularFile();
        byte[] tampered = Files.readAllBytes(object);
        tampered[tampered.length - 1] ^= 1;
        Files.write(object, tampered);

        WregRunner fresh = loggedIn("fresh-reader");
        WregRunner.Result refused = fresh.run("fetch", pkg + "@0.1.0", "-o", "fetched.wasm");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(INTEGRITY);
        assertThat(fresh.home().resolve("fetched.wasm")).doesNotExist();
    }

    private WregRunner user(String name) {
        return new WregRunner(
                root.resolve("wreg"),
                work.resolve(name),
                Map.of("WREG_REGISTRY", server.baseUri().toString()));
    }

    private WregRunner loggedIn(String name) throws Exception {
        WregRunner wreg = user(name);
        ok(wreg, "key", "new");
        WregRunner.Result login = wreg.runWithInput(token + "\n", "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        return wreg;
    }

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, server.logTail())
                .isZero();
        return result;
    }
}
