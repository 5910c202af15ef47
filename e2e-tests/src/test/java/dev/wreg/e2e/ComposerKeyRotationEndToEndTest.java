package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.testsupport.NeedsSharedData;
import dev.wreg.testsupport.SharedData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/operations.md, "Key rotation", composer key: the registry publishes a composition signed by
 * its composer key, the operator restarts it with a new composer key, the package refuses the new
 * key until its owner grants it {@code release}, the owner grants it and revokes the old one, and
 * the registry publishes again. A client that fetched before the rotation then fetches and verifies
 * both releases; the package's whole history (grant, revoke, both releases) verifies.
 */
@NeedsSharedData("fixtures/wasm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposerKeyRotationEndToEndTest {

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

    private ServerProcess start(Path dataDir, int port, PrivateKey composer) throws Exception {
        ServerProcess started = ServerProcess.start(
                root.resolve("registry-server/target/registry-server.jar"),
                work,
                dataDir,
                port,
                List.of("--wreg.compositions.composer-key=" + composer.text()),
                Map.of());
        started.awaitReady();
        return started;
    }

    @Test
    void aRotatedComposerKeyPublishesOnceGrantedAndOldReleasesStillVerify() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        Path dataDir = work.resolve("data");
        int port = ServerProcess.freePort();
        PrivateKey oldComposer = PrivateKey.generateEd25519();
        PrivateKey newComposer = PrivateKey.generateEd25519();
        server = start(dataDir, port, oldComposer);
        assertThat(composerKey()).isEqualTo(oldComposer.publicKey().text());

        Map<String, String> env = Map.of("WREG_REGISTRY", server.baseUri().toString());
        WregRunner owner = new WregRunner(root.resolve("wreg"), work.resolve("owner"), env);
        ok(owner, "key", "new");
        WregRunner.Result login = owner.runWithInput(server.bootstrapToken() + "\n", "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        ok(owner, "namespace", "claim", "rot");
        ok(owner, "publish", wasm("calc-provider-1.1.0"), "--package", "rot:provider", "--version", "1.1.0");
        ok(owner, "publish", wasm("calc-consumer-1.1.0"), "--package", "rot:consumer", "--version", "1.1.0");
        // The grant creates the package (the owner's init) and lets the registry's key release in it.
        ok(owner, "grant", "registry", "--package", "rot:app", "--permissions", "release");
        assertThat(ok(owner, composeAndPublish("1.0.0")).stdout())
                .contains("published rot:app@1.0.0")
                .contains("signed by the registry's composer key");

        // A client that trusted the registry before the rotation.
        WregRunner reader = new WregRunner(root.resolve("wreg"), work.resolve("reader"), env);
        ok(reader, "fetch", "rot:app@1.0.0", "-o", "before.wasm");

        // The operator rotates: same data, same address, a new composer key.
        server.close();
        server = start(dataDir, port, newComposer);
        assertThat(composerKey()).isEqualTo(newComposer.publicKey().text());

        // A key the package never granted publishes nothing.
        WregRunner.Result refused = owner.run(composeAndPublish("1.1.0"));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
        assertThat(refused.stderr())
                .contains("wreg grant " + newComposer.publicKey().text());
        assertThat(owner.run("fetch", "rot:app@1.1.0").exitCode())
                .as("nothing was published under the unannounced key")
                .isEqualTo(3);

        ok(owner, "grant", "registry", "--package", "rot:app", "--permissions", "release");
        ok(owner, "revoke", KeyId.of(oldComposer.publicKey()).value(), "--package", "rot:app");
        assertThat(ok(owner, composeAndPublish("1.1.0")).stdout())
                .contains("published rot:app@1.1.0")
                .contains("signed by the registry's composer key");

        // The old client: both releases fetch and verify, the history with the rotation verifies.
        ok(reader, "fetch", "rot:app@1.0.0", "-o", "old.wasm");
        assertThat(Files.mismatch(
                        reader.home().resolve("before.wasm"), reader.home().resolve("old.wasm")))
                .isEqualTo(-1L);
        ok(reader, "fetch", "rot:app@1.1.0", "-o", "new.wasm");
        ok(reader, "verify", "rot:app");
        ok(reader, "verify");
    }

    private static String[] composeAndPublish(String version) {
        return new String[] {
            "compose",
            "plug",
            "rot:consumer@^1",
            "--plug",
            "rot:provider@^1",
            "--remote",
            "--publish",
            "rot:app@" + version,
            "--registry-signs",
            "-o",
            "app-" + version + ".wasm"
        };
    }

    private String composerKey() throws Exception {
        HttpResponse<String> composer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.baseUri().resolve("/v1/composer"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(composer.statusCode()).as(composer.body()).isEqualTo(200);
        return JSON.readTree(composer.body()).path("key").asString();
    }

    private static String wasm(String name) {
        return SharedData.fixtureWasm(name).toString();
    }

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, server.logTail())
                .isZero();
        return result;
    }
}
