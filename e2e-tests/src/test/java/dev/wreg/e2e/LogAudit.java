package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.e2e.SignedPublisher.Ack;
import dev.wreg.protocol.digest.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What must hold of a registry after publishes, faults and restarts, checked through one server's
 * public API: every acknowledged release is in its package with its bytes, at the log index it was
 * acknowledged at; no log index was acknowledged twice; the checkpoint covers every acknowledgement
 * and never fell below one a client was given; nothing half-written is served (every release a
 * package lists has its blob, every record it lists is in the log); and {@code ./wreg verify}
 * re-derives the whole log from its tiles against the checkpoint.
 */
final class LogAudit {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path root;
    private final Path home;
    private final URI registry;

    /** {@code home} is the auditing {@code ./wreg} user's own folder. */
    LogAudit(Path root, Path home, URI registry) {
        this.root = root;
        this.home = home;
        this.registry = registry;
    }

    void check(List<Ack> acknowledged) throws Exception {
        long size = SignedPublisher.checkpointSize(get(HTTP, registry, "/log/checkpoint"));
        Map<Long, Ack> byIndex = new HashMap<>();
        Map<String, Map<String, Ack>> byPackage = new LinkedHashMap<>();
        for (Ack ack : acknowledged) {
            Ack before = byIndex.put(ack.logIndex(), ack);
            assertThat(before)
                    .as("log index %d acknowledged twice: %s and %s", ack.logIndex(), before, ack)
                    .isNull();
            assertThat(size).as("%s: the log covers %s", registry, ack).isGreaterThan(ack.logIndex());
            assertThat(size)
                    .as("%s: the log never shrinks below what %s was shown", registry, ack)
                    .isGreaterThanOrEqualTo(ack.checkpointSize());
            byPackage.computeIfAbsent(ack.pkg(), p -> new HashMap<>()).put(ack.version(), ack);
        }
        for (Map.Entry<String, Map<String, Ack>> pkg : byPackage.entrySet()) {
            JsonNode state = SignedPublisher.JSON.readTree(get(HTTP, registry, "/v1/packages/" + pkg.getKey()));
            Map<String, String> contents = new HashMap<>();
            for (JsonNode version : state.path("versions")) {
                contents.put(
                        version.path("version").asString(),
                        version.path("content").asString());
            }
            Map<String, Long> logIndices = new HashMap<>();
            JsonNode records = SignedPublisher.JSON.readTree(
                    get(HTTP, registry, "/v1/packages/" + pkg.getKey() + "/records?limit=1000"));
            for (JsonNode record : records.path("records")) {
                JsonNode logIndex = record.path("logIndex");
                assertThat(logIndex.isNumber())
                        .as("%s: record %s of %s is in the log", registry, record.path("recordId"), pkg.getKey())
                        .isTrue();
                assertThat(logIndex.asLong())
                        .as("%s: a listed record is under the checkpoint", registry)
                        .isLessThan(size);
                logIndices.put(record.path("recordId").asString(), logIndex.asLong());
            }
            for (Ack ack : pkg.getValue().values()) {
                assertThat(contents.get(ack.version()))
                        .as("%s: %s is released with its bytes", registry, ack)
                        .isEqualTo(ack.content());
                assertThat(logIndices.get(ack.recordId()))
                        .as("%s: %s is at its acknowledged log index", registry, ack)
                        .isEqualTo(ack.logIndex());
            }
            // Nothing half-written: every release the package lists (acknowledged or not) has its blob.
            for (Map.Entry<String, String> release : contents.entrySet()) {
                byte[] blob = getBytes(registry, "/v1/blobs/" + release.getValue());
                assertThat(Digest.sha256(blob).toString())
                        .as("%s: the blob of %s@%s", registry, pkg.getKey(), release.getKey())
                        .isEqualTo(release.getValue());
            }
        }
        WregRunner auditor = new WregRunner(root.resolve("wreg"), home, Map.of("WREG_REGISTRY", registry.toString()));
        WregRunner.Result verify = auditor.run("verify");
        assertThat(verify.exitCode())
                .as("wreg verify through %s re-derives the whole log\n%s", registry, verify)
                .isZero();
        System.out.printf(
                "audit %s: %d acknowledged publishes in %d packages hold under the checkpoint of size %d;"
                        + " wreg verify passed%n",
                registry, acknowledged.size(), byPackage.size(), size);
    }

    static String get(HttpClient http, URI registry, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(registry.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s%s: %s", registry, path, response.body())
                .isEqualTo(200);
        return response.body();
    }

    private static byte[] getBytes(URI registry, String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(registry.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s%s", registry, path).isEqualTo(200);
        return response.body();
    }
}
