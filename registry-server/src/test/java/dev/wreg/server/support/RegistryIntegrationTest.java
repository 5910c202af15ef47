package dev.wreg.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.record.SignedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the integration tests: one Spring context (and so one embedded PostgreSQL) for the
 * whole test JVM, on a random port, with its data directory in a fresh temporary directory.
 * Every test class extends this without adding configuration, so Spring's context cache shares it;
 * tests stay independent by using namespaces of their own ({@link #uniqueNamespace()}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "wreg.bootstrap-token=" + RegistryIntegrationTest.ADMIN_TOKEN,
            "wreg.limits.max-blob-size=64KB",
            "wreg.limits.max-record-size=64KB",
            "wreg.limits.max-json-size=32KB",
            // Publish policy of namespaces that only ReleaseValidationIntegrationTest uses.
            "wreg.policy.namespaces.nofs.denied-imports=wasi:sockets/*,wasi:filesystem/*",
            "wreg.policy.namespaces.tiny.max-size=64B",
            "wreg.policy.namespaces.lenient.allow-breaking-minor=true",
            // UploadLimitsIntegrationTest: the admin token uploads for no namespace in many tests, so
            // the pending-upload limit is off at the top level and tested on namespaces of its own.
            "wreg.policy.max-pending-uploads=0",
            "wreg.policy.namespaces.pend.max-pending-uploads=2",
            "wreg.policy.namespaces.small.max-size=1KB",
            // CompositionIntegrationTest: an input limit below the blob limit, and a brisk poller.
            "wreg.compositions.max-input-size=48KB",
            "wreg.compositions.poll-interval=200ms",
            // Shorter than a looping smoke run (10 s), so HostileCompositionIntegrationTest shows
            // that a live job's renewed claim is never taken over.
            "wreg.compositions.lease=6s",
            // A loaded CI machine must not turn a refusal into a 202; polling has its own test.
            "wreg.compositions.sync-timeout=120s",
            "logging.level.io.zonky=WARN"
        })
public abstract class RegistryIntegrationTest {

    public static final String ADMIN_TOKEN = "wreg_IntegrationTestBootstrapToken0123456789";
    public static final long MAX_BLOB_BYTES = 64 * 1024;

    /** Component preamble: magic, version 0x0d 0x00, layer 0x01 0x00. */
    public static final byte[] COMPONENT_PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

    private static final Path DATA_DIR = createDataDir();
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("wreg.data-dir", DATA_DIR::toString);
    }

    private static Path createDataDir() {
        try {
            Path dir = Files.createTempDirectory("wreg-it-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // The JVM is exiting; a leftover temp directory is harmless.
        }
    }

    protected static Path dataDir() {
        return DATA_DIR;
    }

    /** A namespace no other test uses, such as {@code t-a17}. */
    protected static String uniqueNamespace() {
        int n = NAMES.incrementAndGet();
        return "t" + Long.toString(System.nanoTime() % 1_000_000, 36).replaceAll("[0-9]", "") + "x" + toLetters(n);
    }

    private static String toLetters(int n) {
        StringBuilder out = new StringBuilder();
        do {
            out.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return out.toString();
    }

    // ---- HTTP ----------------------------------------------------------------------------

    protected URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    protected HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<byte[]> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    protected HttpResponse<byte[]> postJson(String path, String token, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    protected HttpResponse<byte[]> postJson(String path, String token, Object body) {
        return postJson(path, token, JSON.writeValueAsBytes(body));
    }

    protected HttpResponse<byte[]> putBlob(byte[] bytes, Digest digest, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/blobs/" + digest))
                .header("Content-Type", "application/wasm")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    protected static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    protected static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Asserts a problem+json answer with the status and the stable code. */
    protected static JsonNode assertProblem(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as("status of %s", text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("code").asString())
                .as("code of %s", text(response))
                .isEqualTo(code);
        assertThat(problem.path("type").asString()).isEqualTo("https://wreg.dev/problems/" + code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
        return problem;
    }

    // ---- tokens, namespaces, records -------------------------------------------------------

    protected String issueToken(List<String> scopes, List<String> packages, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scopes", scopes);
        if (packages != null) {
            body.put("packages", packages);
        }
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        HttpResponse<byte[]> response = postJson("/v1/tokens", ADMIN_TOKEN, body);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        return json(response).path("token").asString();
    }

    protected String issuedTokenId(HttpResponse<byte[]> response) {
        return json(response).path("id").asString();
    }

    protected void claim(String namespace, PrivateKey owner) {
        HttpResponse<byte[]> response = postJson("/v1/namespaces", ADMIN_TOKEN, claimRequest(namespace, owner));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
    }

    /** The body of {@code POST /v1/namespaces}: the owners and each one's signature of the claim. */
    protected static Map<String, Object> claimRequest(String namespace, PrivateKey... owners) {
        List<dev.wreg.protocol.crypto.PublicKey> keys =
                java.util.Arrays.stream(owners).map(PrivateKey::publicKey).toList();
        dev.wreg.protocol.record.NamespaceClaim claim = new dev.wreg.protocol.record.NamespaceClaim(namespace, keys);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", namespace);
        body.put(
                "owners",
                keys.stream().map(dev.wreg.protocol.crypto.PublicKey::text).toList());
        body.put("signatures", java.util.Arrays.stream(owners).map(claim::sign).toList());
        return body;
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    protected static SignedRecord record(PackageName pkg, Digest prev, PrivateKey signer, Entry... entries) {
        return recordAt(now(), pkg, prev, signer, entries);
    }

    protected static SignedRecord recordAt(
            Instant time, PackageName pkg, Digest prev, PrivateKey signer, Entry... entries) {
        return SignedRecord.sign(new PackageRecord(pkg, prev, time, List.of(entries)), signer);
    }

    protected HttpResponse<byte[]> submit(PackageName pkg, byte[] envelope, String token) {
        return postJson("/v1/packages/" + pkg + "/records", token, envelope);
    }

    protected HttpResponse<byte[]> submit(PackageName pkg, SignedRecord record, String token) {
        return submit(pkg, record.envelope().toJson(), token);
    }

    /** Submits and expects acceptance; returns the new record id (the next {@code prev}). */
    protected Digest accept(PackageName pkg, SignedRecord record) {
        HttpResponse<byte[]> response = submit(pkg, record, ADMIN_TOKEN);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(201);
        return record.id();
    }

    /**
     * A valid, empty component made distinct by a custom section (named {@code wreg-test}) that
     * carries {@code marker}: the registry validates what it publishes.
     */
    protected static byte[] component(String marker) {
        byte[] name = "wreg-test".getBytes(StandardCharsets.UTF_8);
        byte[] payload = marker.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(COMPONENT_PREAMBLE);
        out.write(0); // custom section
        writeUnsignedLeb(out, 1 + name.length + payload.length);
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void writeUnsignedLeb(java.io.ByteArrayOutputStream out, int value) {
        do {
            int low = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? low : low | 0x80);
        } while (value != 0);
    }

    protected Digest upload(byte[] bytes) {
        Digest digest = Digest.sha256(bytes);
        HttpResponse<byte[]> response = putBlob(bytes, digest, ADMIN_TOKEN);
        assertThat(response.statusCode()).as(text(response)).isIn(200, 201);
        return digest;
    }

    // ---- "nothing stored" ------------------------------------------------------------------

    protected static final List<String> TABLES = List.of(
            "operator_records", "namespaces", "packages", "package_records", "releases", "package_keys", "tokens");

    /** Row counts of every table and the number of files under the blob directory. */
    protected Map<String, Long> storedState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class));
        }
        Path blobs = DATA_DIR.resolve("blobs");
        long files = 0;
        if (Files.exists(blobs)) {
            try (Stream<Path> paths = Files.walk(blobs)) {
                files = paths.filter(Files::isRegularFile).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        counts.put("blob files", files);
        return counts;
    }

    /** Runs {@code action} and asserts that no table row and no blob file appeared or vanished. */
    protected HttpResponse<byte[]> assertNothingStored(java.util.function.Supplier<HttpResponse<byte[]>> action) {
        Map<String, Long> before = storedState();
        HttpResponse<byte[]> response = action.get();
        assertThat(storedState()).as("stored state after %s", text(response)).isEqualTo(before);
        return response;
    }

    protected static Envelope envelopeOf(SignedRecord record) {
        return record.envelope();
    }
}
