package dev.wreg.e2e;

import dev.wreg.protocol.api.ClaimRequest;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.NamespaceClaim;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.version.Version;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client publishing signed releases of one package through the registry's HTTP API, as
 * {@code wreg publish} does (upload the blob, sign the next record on the package's head, submit
 * it), but in this JVM: the scale and replica tests publish hundreds of releases, and a {@code
 * ./wreg} process per publish would take minutes. Any answer but 2xx leaves the client unsure
 * whether its record was committed, so it reads the package's head again before the next one.
 */
final class SignedPublisher {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a publish answered 2xx with: the release, where the log put it and under which checkpoint. */
    record Ack(
            String pkg, String version, String content, String recordId, long logIndex, long checkpointSize, URI via) {}

    /** How one publish ended, as the client saw it. */
    sealed interface Outcome {
        /** 2xx with the log's proof. */
        record Acknowledged(Ack ack) implements Outcome {}

        /** An HTTP answer other than 2xx (a clean refusal: 503, 409, …); its Retry-After, if any. */
        record Refused(int status, String body, String retryAfter) implements Outcome {
            static Refused of(HttpResponse<String> response) {
                return new Refused(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Retry-After").orElse(null));
            }
        }

        /** No answer: the connection was refused, reset or closed, or the request timed out. */
        record NoAnswer(String error) implements Outcome {}
    }

    private final HttpClient http;
    private final String token;
    private final PackageName pkg;
    private final PrivateKey key;
    private Digest head;
    private boolean headUnsure;
    private Instant lastTime = Instant.EPOCH;

    SignedPublisher(HttpClient http, String token, String pkg, PrivateKey key) {
        this.http = http;
        this.token = token;
        this.pkg = PackageName.parse(pkg);
        this.key = key;
    }

    String pkg() {
        return pkg.toString();
    }

    /** Claims {@code namespace} for {@code owner} (the owner signs the claim) with an admin token. */
    static void claim(HttpClient http, URI registry, String token, String namespace, PrivateKey owner)
            throws IOException, InterruptedException {
        String signature = new NamespaceClaim(namespace, List.of(owner.publicKey())).sign(owner);
        ClaimRequest claim =
                new ClaimRequest(namespace, List.of(owner.publicKey().text()), List.of(signature));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(registry.resolve("/v1/namespaces"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(claim)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "claim " + namespace + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The package's first record (its key may release); must be acknowledged. */
    void init(URI registry) throws IOException, InterruptedException {
        Outcome outcome = submit(registry, List.of(new Entry.Init(key.publicKey())), null, null);
        if (!(outcome instanceof Outcome.Acknowledged)) {
            throw new IllegalStateException("init of " + pkg + " through " + registry + ": " + outcome);
        }
    }

    /** Uploads {@code component} and releases it as {@code version} through {@code registry}. */
    Outcome publish(URI registry, String version, byte[] component) throws InterruptedException {
        Digest content = Digest.sha256(component);
        try {
            if (headUnsure) {
                readHead(registry);
            }
            HttpResponse<String> upload = http.send(
                    HttpRequest.newBuilder(registry.resolve("/v1/blobs/" + content))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/wasm")
                            .timeout(Duration.ofSeconds(60))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(component))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (upload.statusCode() / 100 != 2) {
                return Outcome.Refused.of(upload);
            }
            return submit(
                    registry,
                    List.of(new Entry.Release(Version.parse(version), content, component.length)),
                    version,
                    component);
        } catch (IOException e) {
            headUnsure = true;
            return new Outcome.NoAnswer(e.toString());
        }
    }

    private Outcome submit(URI registry, List<Entry> entries, String version, byte[] component)
            throws IOException, InterruptedException {
        // Record times are whole seconds; they never go back within a package.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        lastTime = now.isBefore(lastTime) ? lastTime : now;
        PackageRecord record = new PackageRecord(pkg, head, lastTime, entries);
        byte[] payload = record.toPayload();
        Envelope envelope = Envelope.sign(Envelope.RECORD_PAYLOAD_TYPE, payload, key);
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(registry.resolve("/v1/packages/" + pkg + "/records"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.toJson()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            headUnsure = true; // it may have been committed before the connection went
            return new Outcome.NoAnswer(e.toString());
        }
        if (response.statusCode() / 100 != 2) {
            headUnsure = true;
            return Outcome.Refused.of(response);
        }
        head = Digest.sha256(payload);
        JsonNode answer = JSON.readTree(response.body());
        String checkpoint = answer.path("checkpoint").asString();
        return new Outcome.Acknowledged(new Ack(
                pkg.toString(),
                version,
                component == null ? null : Digest.sha256(component).toString(),
                answer.path("recordId").asString(),
                answer.path("logIndex").asLong(),
                checkpointSize(checkpoint),
                registry));
    }

    /** The package's head as the registry has it now: a record we were not told of may be in it. */
    private void readHead(URI registry) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(registry.resolve("/v1/packages/" + pkg))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /v1/packages/" + pkg + ": " + response.statusCode());
        }
        String text = JSON.readTree(response.body()).path("head").asString();
        head = Digest.parse(text);
        headUnsure = false;
    }

    /** The size line of a checkpoint (a signed note's second line). */
    static long checkpointSize(String note) {
        return Long.parseLong(note.lines().skip(1).findFirst().orElseThrow().strip());
    }

    /** A distinct valid (empty) component: a custom section carries {@code marker}. */
    static byte[] component(String marker) {
        return CrashRecoveryEndToEndTest.component(marker);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
