package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.crypto.PrivateKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/operations.md, "Key rotation", operator key: the operator restarts the registry with a new
 * operator key and the old one as {@code wreg.operator-previous-key}; the server logs the
 * hand-over signed by the old key. A client that pinned the old key follows it (operator key and
 * log key) and verifies everything; a new client pins the new key and verifies the whole operator
 * log, from records signed by the old key on. Afterwards the previous key may go; a server started
 * with a key the log never handed over to refuses to start, and a registry whose key changed with no
 * hand-over is still refused by the client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorKeyRotationEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;

    private Path root;
    private ServerProcess server;

    @AfterAll
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private ServerProcess start(Path dataDir, int port, PrivateKey operator, PrivateKey previous) throws Exception {
        // The environment variables docs/operations.md names for an external database.
        Map<String, String> environment = new HashMap<>();
        environment.put("WREG_OPERATOR_KEY", operator.text());
        if (previous != null) {
            environment.put("WREG_OPERATOR_PREVIOUS_KEY", previous.text());
        }
        return ServerProcess.start(
                root.resolve("registry-server/target/registry-server.jar"),
                work,
                dataDir,
                port,
                List.of(),
                environment);
    }

    @Test
    void clientsFollowTheHandOverOfTheOperatorKeyAndNothingElse() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        Path dataDir = work.resolve("data");
        int port = ServerProcess.freePort();
        PrivateKey oldKey = PrivateKey.generateEd25519();
        PrivateKey newKey = PrivateKey.generateEd25519();
        server = start(dataDir, port, oldKey, null);
        server.awaitReady();
        assertThat(operatorKey()).isEqualTo(oldKey.publicKey().text());
        String oldLogKey = logKey();

        Map<String, String> env = Map.of("WREG_REGISTRY", server.baseUri().toString());
        WregRunner owner = new WregRunner(root.resolve("wreg"), work.resolve("owner"), env);
        ok(owner, "key", "new");
        WregRunner.Result login = owner.runWithInput(server.bootstrapToken() + "\n", "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        ok(owner, "namespace", "claim", "before");
        String hello = root.resolve("examples/hello/hello.wasm").toString();
        ok(owner, "publish", hello, "--package", "before:hello", "--version", "0.1.0");
        // A client that pinned the old keys.
        WregRunner early = new WregRunner(root.resolve("wreg"), work.resolve("early"), env);
        ok(early, "fetch", "before:hello@0.1.0", "-o", "before.wasm");

        // The rotation: same data, same address, the new key and the old one as the previous key.
        server.close();
        server = start(dataDir, port, newKey, oldKey);
        server.awaitReady();
        assertThat(operatorKey()).isEqualTo(newKey.publicKey().text());
        assertThat(logKey()).isNotEqualTo(oldLogKey);
        assertThat(Files.readString(work.resolve("server.log"), StandardCharsets.UTF_8))
                .contains("Handed the operator role from " + oldKey.publicKey().text() + " to "
                        + newKey.publicKey().text());
        // An operator record signed by the new key.
        ok(owner, "namespace", "claim", "after");
        ok(owner, "publish", hello, "--package", "after:hello", "--version", "0.1.0");

        // The early client follows the hand-over, once, and verifies everything.
        WregRunner.Result followed = ok(early, "fetch", "before:hello@0.1.0", "-o", "again.wasm");
        assertThat(followed.stderr())
                .contains("operator key was handed over from "
                        + oldKey.publicKey().text() + " to "
                        + newKey.publicKey().text())
                .contains("log key follows its operator key's hand-over");
        try (var registries = Files.list(early.home().resolve("state/wreg/registries"))) {
            Path pinned = registries.findFirst().orElseThrow().resolve("operator-key");
            assertThat(Files.readString(pinned, StandardCharsets.UTF_8))
                    .contains(newKey.publicKey().text());
        }
        ok(early, "fetch", "after:hello@0.1.0", "-o", "after.wasm");
        ok(early, "verify");
        assertThat(ok(early, "fetch", "before:hello@0.1.0", "-o", "third.wasm").stderr())
                .doesNotContain("handed over");

        // A new client pins the new key and verifies the operator log from its first record.
        WregRunner late = new WregRunner(root.resolve("wreg"), work.resolve("late"), env);
        ok(late, "fetch", "before:hello@0.1.0", "-o", "late.wasm");
        ok(late, "verify");

        // The previous key may go; the old key alone no longer starts the registry.
        server.close();
        server = start(dataDir, port, newKey, null);
        server.awaitReady();
        ok(early, "fetch", "after:hello@0.1.0", "-o", "after2.wasm");
        server.close();
        server = start(dataDir, port, oldKey, null);
        assertThat(server.awaitExit(Duration.ofMinutes(4))).isNotZero();
        assertThat(server.logTail())
                .contains("this server's operator key " + oldKey.publicKey().text() + " is not the operator log's key")
                .contains("wreg.operator-previous-key");

        // A registry at the same address whose key changed with no hand-over is refused as before.
        PrivateKey stranger = PrivateKey.generateEd25519();
        server = start(work.resolve("other-data"), port, stranger, null);
        server.awaitReady();
        WregRunner.Result refused = early.run("fetch", "before:hello@0.1.0", "-o", "stranger.wasm");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(6);
        assertThat(refused.stderr()).contains("operator key changed").contains("no hand-over");
    }

    /**
     * A replica left running with the old key while another one rotates (the guide says to stop
     * them all first): it signs nothing more, its readiness says why, and the rotated replica
     * serves as before.
     */
    @Test
    void aReplicaLeftRunningWithTheOldKeySignsNothing() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        Path jar = root.resolve("registry-server/target/registry-server.jar");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "localhost")
                .setDataDirectory(work.resolve("replicas-postgres"))
                .start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE wreg");
            }
            Path shared = Files.createDirectories(work.resolve("replicas-data"));
            List<String> database = List.of(
                    "--spring.datasource.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/wreg",
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres");
            String token = "wreg_OperatorKeyRotationReplicas0123456789ab";
            PrivateKey oldKey = PrivateKey.generateEd25519();
            PrivateKey newKey = PrivateKey.generateEd25519();
            Path oldDir = Files.createDirectories(work.resolve("replica-old"));
            Path newDir = Files.createDirectories(work.resolve("replica-new"));
            ServerProcess old = ServerProcess.start(
                    jar,
                    oldDir,
                    shared,
                    ServerProcess.freePort(),
                    database,
                    Map.of("WREG_OPERATOR_KEY", oldKey.text(), "WREG_BOOTSTRAP_TOKEN", token));
            ServerProcess rotated = null;
            try {
                old.awaitReady();
                Map<String, String> env = Map.of("WREG_REGISTRY", old.baseUri().toString());
                WregRunner owner = new WregRunner(root.resolve("wreg"), work.resolve("replicas-owner"), env);
                okAt(old, owner, "key", "new");
                WregRunner.Result login = owner.runWithInput(token + "\n", "login", "--token-stdin");
                assertThat(login.exitCode()).as(login.toString()).isZero();
                okAt(old, owner, "namespace", "claim", "replicas");
                String hello = root.resolve("examples/hello/hello.wasm").toString();
                okAt(old, owner, "publish", hello, "--package", "replicas:hello", "--version", "0.1.0");

                rotated = ServerProcess.start(
                        jar,
                        newDir,
                        shared,
                        ServerProcess.freePort(),
                        database,
                        Map.of(
                                "WREG_OPERATOR_KEY",
                                newKey.text(),
                                "WREG_OPERATOR_PREVIOUS_KEY",
                                oldKey.text(),
                                "WREG_BOOTSTRAP_TOKEN",
                                token));
                rotated.awaitReady();
                WregRunner.Result loginRotated = owner.runWithInput(
                        token + "\n",
                        "login",
                        "--token-stdin",
                        "--registry",
                        rotated.baseUri().toString());
                assertThat(loginRotated.exitCode()).as(loginRotated.toString()).isZero();

                HttpResponse<String> readiness = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(old.baseUri().resolve("/actuator/health/readiness"))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
                WregRunner.Result refused = owner.run(
                        "publish",
                        hello,
                        "--package",
                        "replicas:hello",
                        "--version",
                        "0.2.0",
                        "--registry",
                        old.baseUri().toString());
                // The client sees the stale replica for what it is before it sends anything.
                assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(6);
                assertThat(refused.stderr())
                        .contains("the operator log hands the role to "
                                + newKey.publicKey().text() + ", but the registry serves "
                                + oldKey.publicKey().text());
                // And the replica itself signs nothing: an operator record...
                PrivateKey claimer = PrivateKey.generateEd25519();
                assertThatThrownBy(() -> SignedPublisher.claim(
                                HttpClient.newHttpClient(), old.baseUri(), token, "stale", claimer))
                        .hasMessageContaining("503")
                        .hasMessageContaining("handed the operator role over");
                // ...nor a checkpoint for a package record (in a namespace claimed through the rotated one).
                SignedPublisher.claim(HttpClient.newHttpClient(), rotated.baseUri(), token, "fresh", claimer);
                SignedPublisher stale = new SignedPublisher(HttpClient.newHttpClient(), token, "fresh:app", claimer);
                ServerProcess staleReplica = old;
                assertThatThrownBy(() -> stale.init(staleReplica.baseUri()))
                        .hasMessageContaining("status=503")
                        .hasMessageContaining("handed the operator role over");
                stale.init(rotated.baseUri());

                WregRunner.Result published = owner.run(
                        "publish",
                        hello,
                        "--package",
                        "replicas:hello",
                        "--version",
                        "0.2.0",
                        "--registry",
                        rotated.baseUri().toString());
                assertThat(published.exitCode()).as(published.toString()).isZero();
                WregRunner.Result fetched = owner.run(
                        "fetch",
                        "replicas:hello@0.2.0",
                        "-o",
                        "fetched.wasm",
                        "--registry",
                        rotated.baseUri().toString());
                assertThat(fetched.exitCode()).as(fetched.toString()).isZero();
            } finally {
                old.close();
                if (rotated != null) {
                    rotated.close();
                }
            }
        }
    }

    private static WregRunner.Result okAt(ServerProcess at, WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, at.logTail())
                .isZero();
        return result;
    }

    private String operatorKey() throws Exception {
        return JSON.readTree(get("/v1/operator")).path("key").asString();
    }

    private String logKey() throws Exception {
        return get("/log/vkey").strip();
    }

    private String get(String path) throws Exception {
        return LogAudit.get(HttpClient.newHttpClient(), server.baseUri(), path);
    }

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        return okAt(server, wreg, args);
    }
}
