package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.NeedsSharedData;
import dev.wreg.testsupport.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
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
 * Composition as a user meets it: components published to a real server process, composed from
 * the registry locally and remotely with the real {@code ./wreg}, the result published with its
 * provenance (signed by the user, then by the registry's composer key), fetched back, and shown
 * by {@code wreg info}.
 */
@NeedsSharedData("fixtures/wasm")
@ExtendWith(SharedRegistryServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegistryUnderTest registry;
    private Path work;
    private WregRunner alice;
    /** This class's namespace on the shared server; its packages are NS:provider, NS:consumer, NS:app. */
    private String ns;

    @BeforeAll
    void publishInputs(RegistryUnderTest registry) throws Exception {
        this.registry = registry;
        work = registry.work();
        ns = registry.namespace();
        alice = registry.loggedIn("alice");
        ok("namespace", "claim", ns);
        ok("publish", wasm("calc-provider-1.0.0"), "--package", ns + ":provider", "--version", "1.0.0");
        ok("publish", wasm("calc-provider-1.1.0"), "--package", ns + ":provider", "--version", "1.1.0");
        ok("publish", wasm("calc-consumer-1.1.0"), "--package", ns + ":consumer", "--version", "1.1.0");
    }

    private static String wasm(String name) {
        return SharedData.fixtureWasm(name).toString();
    }

    /** {@code NS:name}, quoted for a pattern. */
    private String quoted(String name) {
        return Pattern.quote(ns + ":" + name);
    }

    private WregRunner.Result ok(String... args) throws Exception {
        WregRunner.Result result = alice.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, registry.logTail())
                .isZero();
        return result;
    }

    @Test
    @Order(1)
    void composesRegistryReleasesLocally() throws Exception {
        WregRunner.Result r = ok(
                "compose",
                "plug",
                ns + ":consumer@^1",
                "--plug",
                ns + ":provider@^1",
                "-o",
                "local.wasm",
                "--invoke",
                "run()");
        assertThat(r.stdout())
                .contains(ns + ":provider@1.1.0 example:calc/ops@1.1.0")
                .contains("run() = 35");
    }

    @Test
    @Order(1)
    void composesAPlanWhosePackagesComeFromTheRegistry() throws Exception {
        Path plan = work.resolve("calc.wac");
        java.nio.file.Files.writeString(plan, """
                package demo:calc;
                let ops = new NS:provider@^1.0 {};
                let consumer = new NS:consumer { ...ops };
                export consumer.run;
                """.replace("NS", ns));
        WregRunner.Result r = ok("compose", plan.toString(), "-o", "plan.wasm", "--invoke", "run()");
        assertThat(r.stdout()).contains("run() = 35");

        java.nio.file.Files.writeString(plan, """
                package demo:calc;
                let ops = new NS:provider@^7 {};
                """.replace("NS", ns));
        WregRunner.Result missing = alice.run("compose", plan.toString(), "-o", "plan.wasm");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.stderr()).contains("calc.wac:2:").contains(ns + ":provider");
    }

    @Test
    @Order(2)
    void composesRemotelyPublishesSignedByTheUserAndInfoShowsProvenance() throws Exception {
        WregRunner.Result r = ok(
                "compose",
                "plug",
                ns + ":consumer@^1",
                "--plug",
                ns + ":provider@^1",
                "--remote",
                "--publish",
                ns + ":app@1.0.0",
                "-o",
                "remote.wasm",
                "--invoke",
                "run()");
        assertThat(r.stdout())
                .contains("composed by the registry")
                .contains("run() = 35")
                .contains("published " + ns + ":app@1.0.0");
        Path remote = alice.home().resolve("remote.wasm");
        assertThat(Files.mismatch(remote, alice.home().resolve("local.wasm")))
                .as("the registry composes the same bytes as the CLI")
                .isEqualTo(-1L);

        ok("fetch", ns + ":app@1.0.0", "-o", "fetched.wasm");
        assertThat(Files.mismatch(remote, alice.home().resolve("fetched.wasm"))).isEqualTo(-1L);

        WregRunner.Result info = ok("info", ns + ":app");
        assertThat(info.stdout())
                .containsPattern("composed \\(plug\\) from socket " + quoted("consumer")
                        + "@1\\.1\\.0 \\(sha256:[0-9a-f]{64}\\), plug " + quoted("provider")
                        + "@1\\.1\\.0 \\(sha256:[0-9a-f]{64}\\)");
        JsonNode json = JSON.readTree(ok("info", ns + ":app", "--json").stdout());
        JsonNode inputs = json.path("versions").get(0).path("composition").path("inputs");
        assertThat(inputs.get(0).path("package").asString()).isEqualTo(ns + ":consumer");
        assertThat(inputs.get(1).path("version").asString()).isEqualTo("1.1.0");
    }

    @Test
    @Order(2)
    void composesLocallyAndPublishesWithTheLocalKey() throws Exception {
        WregRunner.Result r = ok(
                "compose",
                "plug",
                wasm("calc-consumer-1.0.0"),
                "--plug",
                ns + ":provider@=1.0.0",
                "--publish",
                ns + ":local@0.1.0",
                "-o",
                "local-published.wasm");
        assertThat(r.stdout()).contains("published " + ns + ":local@0.1.0").contains("composed from 2 inputs");
        ok("fetch", ns + ":local@0.1.0", "-o", "local-fetched.wasm");
        assertThat(Files.mismatch(
                        alice.home().resolve("local-published.wasm"),
                        alice.home().resolve("local-fetched.wasm")))
                .isEqualTo(-1L);
        assertThat(ok("info", ns + ":local").stdout())
                .containsPattern("composed \\(plug\\) from socket sha256:[0-9a-f]{64}, plug " + quoted("provider")
                        + "@1\\.0\\.0" + " \\(sha256:[0-9a-f]{64}\\)");
    }

    @Test
    @Order(3)
    void theRegistrysComposerKeyPublishesOnceGrantedRelease() throws Exception {
        HttpResponse<String> composer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(registry.baseUri() + "/v1/composer"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String composerKey = JSON.readTree(composer.body()).path("key").asString();
        String[] compose = {
            "compose",
            "plug",
            ns + ":consumer@^1",
            "--plug",
            wasm("calc-provider-1.1.0"),
            "--remote",
            "--publish",
            ns + ":app@1.1.0",
            "--registry-signs",
            "-o",
            "by-registry.wasm"
        };
        WregRunner.Result refused = alice.run(compose);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
        assertThat(refused.stderr()).contains("wreg grant " + composerKey);

        ok("grant", composerKey, "--package", ns + ":app", "--permissions", "release");
        WregRunner.Result r = ok(compose);
        assertThat(r.stdout())
                .contains("published " + ns + ":app@1.1.0")
                .contains("signed by the registry's composer key");
        WregRunner.Result info = ok("info", ns + ":app");
        // The plug was a local file: uploaded, and named in the provenance by its digest alone.
        assertThat(info.stdout())
                .containsPattern("1\\.1\\.0 .*\\n\\s+composed \\(plug\\) from socket " + quoted("consumer")
                        + "@1\\.1\\.0 \\(sha256:[0-9a-f]{64}\\), plug sha256:[0-9a-f]{64}\\n");
    }

    @Test
    @Order(4)
    void aRefusedRemoteCompositionExitsNonZeroWithTheReason() throws Exception {
        WregRunner.Result r = alice.run(
                "compose", "plug", ns + ":consumer@^1", "--plug", ns + ":provider@=1.0.0", "--remote", "-o", "no.wasm");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr().strip().lines().toList()).hasSize(1);
        assertThat(r.stderr()).startsWith("wreg: composing on ").contains("mul").contains("type-mismatch");
        assertThat(alice.home().resolve("no.wasm")).doesNotExist();

        WregRunner.Result unknown = alice.run("compose", "plug", ns + ":nothing@^1", "--plug", ns + ":provider@^1");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(3);
    }
}
