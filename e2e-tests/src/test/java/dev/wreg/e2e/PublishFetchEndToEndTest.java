package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton as a user meets it: the server jar as its own process on embedded
 * defaults, the real {@code ./wreg} script, a signed publish and a verified fetch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishFetchEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;

    private Path root;
    private Path shared;
    private ServerProcess server;
    private String token;

    @BeforeAll
    void startServer() throws Exception {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        shared = Path.of(System.getProperty("wreg.shared")).toRealPath();
        Path serverJar = root.resolve("registry-server/target/registry-server.jar");
        assertThat(serverJar)
                .as("built by the registry-server module before this one")
                .isRegularFile();
        assertThat(root.resolve("registry-cli/target/wreg.jar"))
                .as("built by the registry-cli module before this one")
                .isRegularFile();
        server = ServerProcess.start(serverJar, work);
        server.awaitReady();
        token = server.bootstrapToken();
        assertThat(token).startsWith("wreg_");
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private WregRunner user(String name) {
        return new WregRunner(
                root.resolve("wreg"),
                work.resolve(name),
                Map.of("WREG_REGISTRY", server.baseUri().toString()));
    }

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, server.logTail())
                .isZero();
        return result;
    }

    private WregRunner loggedIn(String name) throws Exception {
        WregRunner wreg = user(name);
        ok(wreg, "key", "new");
        WregRunner.Result login = wreg.runWithInput(token + "\n", "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        return wreg;
    }

    private static void assertFails(WregRunner.Result result, int exitCode) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.stderr().strip().lines().toList())
                .as("exactly one error line")
                .hasSize(1)
                .first()
                .asString()
                .startsWith("wreg: ");
    }

    @Test
    @Order(1)
    void publishFetchYankJourney() throws Exception {
        Path hello = shared.resolve("fixtures/wasm/hello.wasm");
        WregRunner alice = loggedIn("alice");
        assertThat(alice.home().resolve("config/wreg/keys/default.key")).isRegularFile();

        ok(alice, "namespace", "claim", "example");
        ok(alice, "publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0");

        WregRunner.Result fetched = ok(alice, "fetch", "example:hello@0.1.0", "-o", "fetched.wasm");
        assertThat(fetched.stdout()).contains("example:hello@0.1.0");
        Path out = alice.home().resolve("fetched.wasm");
        assertThat(Files.mismatch(hello, out))
                .as("fetched bytes equal the published ones")
                .isEqualTo(-1L);

        // A requirement resolves to the same release, this time from the verified cache.
        ok(alice, "fetch", "example:hello@^0.1", "-o", "again.wasm");
        assertThat(Files.mismatch(hello, alice.home().resolve("again.wasm"))).isEqualTo(-1L);

        // The version is taken for good: other bytes under it are a conflict.
        Path other = shared.resolve("fixtures/wasm/exit-code.wasm");
        assertFails(alice.run("publish", other.toString(), "--package", "example:hello", "--version", "0.1.0"), 5);

        ok(alice, "yank", "example:hello@0.1.0", "--reason", "superseded");

        JsonNode info =
                JSON.readTree(ok(alice, "info", "example:hello", "--json").stdout());
        assertThat(info.path("package").asString()).isEqualTo("example:hello");
        JsonNode version = info.path("versions").get(0);
        assertThat(version.path("version").asString()).isEqualTo("0.1.0");
        assertThat(version.path("yanked").asBoolean()).isTrue();
        assertThat(version.path("yankReason").asString()).isEqualTo("superseded");

        // A yanked release no longer satisfies requirements.
        assertFails(alice.run("fetch", "example:hello@^0.1"), 3);
    }

    @Test
    @Order(2)
    void publishingInSomeoneElsesNamespaceIsRefused() throws Exception {
        WregRunner owner = loggedIn("owner");
        ok(owner, "namespace", "claim", "acme");
        WregRunner mallory = loggedIn("mallory");
        Path hello = shared.resolve("fixtures/wasm/hello.wasm");
        WregRunner.Result result =
                mallory.run("publish", hello.toString(), "--package", "acme:widget", "--version", "1.0.0");
        assertFails(result, 4);
        assertThat(mallory.run("info", "acme:widget").exitCode()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void fetchingAnUnknownPackageIsNotFound() throws Exception {
        WregRunner wreg = user("reader");
        assertFails(wreg.run("fetch", "example:does-not-exist"), 3);
    }

    @Test
    @Order(4)
    void anUnreachableRegistryIsUnavailable() throws Exception {
        int closedPort = ServerProcess.freePort();
        WregRunner wreg = new WregRunner(
                root.resolve("wreg"),
                work.resolve("offline"),
                Map.of("WREG_REGISTRY", "http://127.0.0.1:" + closedPort));
        assertFails(wreg.run("info", "example:hello"), 7);
        assertFails(wreg.run("fetch", "example:hello"), 7);
    }

    @Test
    @Order(5)
    void badArgumentsAreUsageErrors() throws Exception {
        WregRunner wreg = user("typist");
        assertFails(wreg.run("fetch", "Not:Valid"), 2);
        assertFails(wreg.run("publish"), 2);
    }
}
