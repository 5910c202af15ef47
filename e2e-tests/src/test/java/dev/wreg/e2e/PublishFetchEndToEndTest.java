package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.NeedsSharedData;
import dev.wreg.testsupport.SharedData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton as a user meets it: the server jar as its own process on embedded
 * defaults, the real {@code ./wreg} script, a signed publish and a verified fetch.
 */
@NeedsSharedData("fixtures/wasm")
@ExtendWith(SharedRegistryServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishFetchEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegistryUnderTest registry;
    /** This class's namespace on the shared server, and its package. */
    private String ns;

    private String pkg;

    @BeforeAll
    void joinTheSharedServer(RegistryUnderTest registry) {
        this.registry = registry;
        ns = registry.namespace();
        pkg = ns + ":hello";
    }

    private WregRunner.Result ok(WregRunner wreg, String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, registry.logTail())
                .isZero();
        return result;
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
        Path hello = SharedData.fixtureWasm("hello");
        WregRunner alice = registry.loggedIn("alice");
        assertThat(alice.home().resolve("config/wreg/keys/default.key")).isRegularFile();

        ok(alice, "namespace", "claim", ns);
        ok(alice, "publish", hello.toString(), "--package", pkg, "--version", "0.1.0");

        WregRunner.Result fetched = ok(alice, "fetch", pkg + "@0.1.0", "-o", "fetched.wasm");
        assertThat(fetched.stdout()).contains(pkg + "@0.1.0");
        Path out = alice.home().resolve("fetched.wasm");
        assertThat(Files.mismatch(hello, out))
                .as("fetched bytes equal the published ones")
                .isEqualTo(-1L);

        // A requirement resolves to the same release, this time from the verified cache.
        ok(alice, "fetch", pkg + "@^0.1", "-o", "again.wasm");
        assertThat(Files.mismatch(hello, alice.home().resolve("again.wasm"))).isEqualTo(-1L);

        // The version is taken for good: other bytes under it are a conflict.
        Path other = SharedData.fixtureWasm("exit-code");
        assertFails(alice.run("publish", other.toString(), "--package", pkg, "--version", "0.1.0"), 5);

        ok(alice, "yank", pkg + "@0.1.0", "--reason", "superseded");

        JsonNode info = JSON.readTree(ok(alice, "info", pkg, "--json").stdout());
        assertThat(info.path("package").asString()).isEqualTo(pkg);
        JsonNode version = info.path("versions").get(0);
        assertThat(version.path("version").asString()).isEqualTo("0.1.0");
        assertThat(version.path("yanked").asBoolean()).isTrue();
        assertThat(version.path("yankReason").asString()).isEqualTo("superseded");

        // A yanked release no longer satisfies requirements.
        assertFails(alice.run("fetch", pkg + "@^0.1"), 3);
    }

    @Test
    @Order(2)
    void publishingInSomeoneElsesNamespaceIsRefused() throws Exception {
        WregRunner owner = registry.loggedIn("owner");
        String acme = registry.namespace("acme");
        ok(owner, "namespace", "claim", acme);
        WregRunner mallory = registry.loggedIn("mallory");
        Path hello = SharedData.fixtureWasm("hello");
        WregRunner.Result result =
                mallory.run("publish", hello.toString(), "--package", acme + ":widget", "--version", "1.0.0");
        assertFails(result, 4);
        assertThat(mallory.run("info", acme + ":widget").exitCode()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void fetchingAnUnknownPackageIsNotFound() throws Exception {
        WregRunner wreg = registry.user("reader");
        assertFails(wreg.run("fetch", ns + ":does-not-exist"), 3);
    }

    @Test
    @Order(4)
    void anUnreachableRegistryIsUnavailable() throws Exception {
        int closedPort = ServerProcess.freePort();
        WregRunner wreg = registry.user("offline", URI.create("http://127.0.0.1:" + closedPort));
        assertFails(wreg.run("info", pkg), 7);
        assertFails(wreg.run("fetch", pkg), 7);
    }

    @Test
    @Order(5)
    void badArgumentsAreUsageErrors() throws Exception {
        WregRunner wreg = registry.user("typist");
        assertFails(wreg.run("fetch", "Not:Valid"), 2);
        assertFails(wreg.run("publish"), 2);
    }
}
