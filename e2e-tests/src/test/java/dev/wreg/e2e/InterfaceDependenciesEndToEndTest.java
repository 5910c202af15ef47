package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.NeedsSharedData;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Resolution by interface as a CI pipeline meets it, with the server jar and the real
 * {@code ./wreg}: providers and consumers published, found by the interface they export;
 * {@code wreg lock} → {@code wreg deps fetch --locked} → compose → {@code wreg run}; a tampered
 * lock, a stale lock, offline use, a yanked pin and bad manifests exiting as docs/cli.md says;
 * and the pipeline script of docs/ci.md run as it is.
 */
@NeedsSharedData("fixtures/wasm")
@ExtendWith(SharedRegistryServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InterfaceDependenciesEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegistryUnderTest registry;
    private Path work;
    private WregRunner alice;
    /** This class's namespaces on the shared server: NS for calc packages, GREET for greeters. */
    private String ns;

    private String greet;

    /**
     * The project: a package, and an interface whose provider is named, since other classes on the
     * shared server publish providers of example:calc/ops too (unit tests cover the index's choice).
     */
    private String manifest() {
        return """
                [package]
                name = "%1$s:app"
                world = "app"

                [dependencies]
                "%1$s:consumer" = "^1"
                "example:calc/ops" = { version = "^1", package = "%1$s:provider" }
                """.formatted(ns);
    }

    @BeforeAll
    void publish(RegistryUnderTest registry) throws Exception {
        this.registry = registry;
        work = registry.work();
        ns = registry.namespace();
        greet = registry.namespace("greet");
        alice = registry.loggedIn("alice");
        ok("namespace", "claim", ns);
        ok("namespace", "claim", greet);
        publish("calc-provider-1.0.0", ns + ":provider", "1.0.0");
        publish("calc-provider-1.1.0", ns + ":provider", "1.1.0");
        publish("calc-consumer-1.1.0", ns + ":consumer", "1.1.0");
        publish("calc-consumer-2.0.0", ns + ":lonely", "2.0.0");
        publish("greeter-upper", greet + ":upper", "0.1.0");
        publish("greeter-reverse", greet + ":reverse", "0.1.0");
        publish("greeter-exclaim", greet + ":ping", "0.1.0");
        publish("greeter-exclaim", greet + ":pong", "0.1.0");
    }

    private void publish(String fixture, String pkg, String version) throws Exception {
        ok("publish", SharedData.fixtureWasm(fixture).toString(), "--package", pkg, "--version", version);
    }

    private WregRunner.Result ok(String... args) throws Exception {
        return expect(alice, 0, args);
    }

    private WregRunner.Result expect(WregRunner runner, int code, String... args) throws Exception {
        WregRunner.Result result = runner.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s\nserver log:\n%s", String.join(" ", args), result, registry.logTail())
                .isEqualTo(code);
        return result;
    }

    private static List<String> firstColumn(WregRunner.Result result) {
        return result.stdout().lines().map(l -> l.split("\t")[0]).toList();
    }

    /** A project folder under alice's home with this manifest; answers its path relative to the home. */
    private String project(String name, String manifest) throws IOException {
        Path dir = alice.home().resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("wreg.toml"), manifest);
        return name;
    }

    @Test
    @Order(1)
    void searchByInterfaceFindsTheProviders() throws Exception {
        // Other classes share the server: this class's packages are told apart by namespace.
        JsonNode providers = JSON.readTree(ok("search", "--exports", "example:calc/ops", "--namespace", ns, "--json")
                .stdout());
        List<String> found = new ArrayList<>();
        providers
                .path("hits")
                .forEach(h -> found.add(
                        h.path("package").asString() + "@" + h.path("version").asString()));
        assertThat(found).containsExactly(ns + ":provider@1.1.0");
        assertThat(providers.path("hits").get(0).path("matchedInterfaces").toString())
                .isEqualTo("[\"example:calc/ops@1.1.0\"]");

        WregRunner.Result track = ok("search", "--exports", "example:calc/ops@1.0.0", "--namespace", ns);
        assertThat(track.stdout()).isEqualTo(ns + ":provider\t1.1.0\texample:calc/ops@1.1.0\t\t\n");
        WregRunner.Result consumers = ok("search", "--imports", "example:calc/ops", "--namespace", ns);
        assertThat(firstColumn(consumers)).containsExactlyInAnyOrder(ns + ":consumer", ns + ":lonely");
        assertThat(firstColumn(ok("search", "--exports", "example:calc/ops")))
                .contains(ns + ":provider")
                .doesNotContain(ns + ":consumer", ns + ":lonely");
        assertThat(firstColumn(ok("search", "greet")))
                .contains(greet + ":upper", greet + ":reverse", greet + ":ping", greet + ":pong");
        JsonNode greeters = JSON.readTree(ok("search", "greet", "--json").stdout());
        List<String> names = new ArrayList<>();
        greeters.path("hits").forEach(h -> names.add(h.path("package").asString()));
        assertThat(names).contains(greet + ":upper", greet + ":reverse", greet + ":ping", greet + ":pong");

        WregRunner.Result huge = expect(alice, 2, "search", "calc ".repeat(2048));
        assertThat(huge.stderr()).startsWith("wreg: the query is").contains("at most 256");
        expect(alice, 0, "search", "calc & | ! ( :* \"ops");
    }

    @Test
    @Order(2)
    void lockFetchLockedComposeAndRunGiveTheExpectedResult() throws Exception {
        String dir = project("app", manifest());
        WregRunner.Result lock = ok("lock", "--manifest", dir + "/wreg.toml");
        assertThat(lock.stdout()).startsWith("wrote ").contains("(2 packages, 2 pinned releases, all verified)");
        String lockText = Files.readString(alice.home().resolve(dir + "/wreg.lock"));
        assertThat(lockText)
                .contains("version = 1\n")
                .contains("[[packages]]\nname = \"" + ns + ":consumer\"\nregistry = \"" + registry.baseUri())
                .contains("requirement = \"^1\"\nprovides = \"example:calc/ops\"\nversion = \"1.1.0\"\n")
                .containsPattern("log-index = \\d+\ncheckpoint-size = \\d+\n");
        JsonNode again = JSON.readTree(
                ok("lock", "--manifest", dir + "/wreg.toml", "--json").stdout());
        assertThat(again.path("changed").asBoolean())
                .as("a second lock changes nothing")
                .isFalse();
        assertThat(Files.readString(alice.home().resolve(dir + "/wreg.lock"))).isEqualTo(lockText);

        WregRunner.Result fetch = ok("deps", "fetch", "--locked", "--manifest", dir + "/wreg.toml");
        assertThat(fetch.stdout())
                .contains("fetched " + ns + ":consumer@1.1.0 sha256:")
                .contains("fetched " + ns + ":provider@1.1.0 sha256:")
                .contains("wrote 1 WIT package to ")
                .contains("example-calc-1.1.0");
        Path wit = alice.home().resolve(dir + "/wit/deps/example-calc-1.1.0/package.wit");
        assertThat(Files.readString(wit))
                .startsWith("package example:calc@1.1.0;")
                .contains("interface ops {");

        WregRunner.Result composed = ok(
                "compose",
                "plug",
                ns + ":consumer@^1",
                "--plug",
                ns + ":provider@^1",
                "--locked",
                "--lock",
                dir + "/wreg.lock",
                "-o",
                dir + "/app.wasm",
                "--invoke",
                "run()");
        assertThat(composed.stdout()).contains(ns + ":provider@1.1.0").contains("run() = 35");
        WregRunner.Result run = ok("run", dir + "/app.wasm", "--invoke", "run()");
        assertThat(run.stdout().strip()).isEqualTo("35");

        Files.writeString(alice.home().resolve("calc.wac"), """
                package demo:calc;
                let ops = new %1$s:provider@^1 {};
                let consumer = new %1$s:consumer { ...ops };
                export consumer.run;
                """.formatted(ns));
        WregRunner.Result plan = ok(
                "compose",
                "calc.wac",
                "--locked",
                "--lock",
                dir + "/wreg.lock",
                "-o",
                "plan.wasm",
                "--invoke",
                "run()");
        assertThat(plan.stdout()).contains("run() = 35");
        Files.writeString(alice.home().resolve("other.wac"), """
                package demo:other;
                let ops = new %s:upper {};
                """.formatted(greet));
        WregRunner.Result unpinned =
                expect(alice, 5, "compose", "other.wac", "--locked", "--lock", dir + "/wreg.lock", "-o", "o.wasm");
        assertThat(unpinned.stderr()).contains("wreg.lock pins no release of " + greet + ":upper");
    }

    @Test
    @Order(3)
    void aLockEditedToAnotherDigestExits6AndWritesNothing() throws Exception {
        String dir = project("tampered", manifest());
        ok("lock", "--manifest", dir + "/wreg.toml");
        Path lockFile = alice.home().resolve(dir + "/wreg.lock");
        String lock = Files.readString(lockFile);
        String other = "sha256:" + "ab".repeat(32);
        Files.writeString(
                lockFile, lock.replaceFirst("digest = \"sha256:[0-9a-f]{64}\"", "digest = \"" + other + "\""));
        WregRunner.Result r = expect(alice, 6, "deps", "fetch", "--locked", "--manifest", dir + "/wreg.toml");
        assertThat(r.stderr().strip().lines().toList()).hasSize(1);
        assertThat(r.stderr()).startsWith("wreg: wreg.lock pins " + ns + ":consumer@1.1.0 to " + other);
        assertThat(alice.home().resolve(dir + "/wit/deps")).doesNotExist();

        expect(
                alice,
                6,
                "compose",
                "plug",
                ns + ":consumer@^1",
                "--plug",
                ns + ":provider@^1",
                "--locked",
                "--lock",
                dir + "/wreg.lock",
                "-o",
                dir + "/no.wasm");
        assertThat(alice.home().resolve(dir + "/no.wasm")).doesNotExist();
    }

    @Test
    @Order(4)
    void aLockThatWouldChangeExits5UnderLocked() throws Exception {
        String dir = project("stale", manifest());
        ok("lock", "--manifest", dir + "/wreg.toml");
        Path lockFile = alice.home().resolve(dir + "/wreg.lock");
        String lock = Files.readString(lockFile);
        Files.writeString(
                alice.home().resolve(dir + "/wreg.toml"), manifest() + "\"" + greet + ":upper\" = \"^0.1\"\n");
        WregRunner.Result r = expect(alice, 5, "lock", "--locked", "--manifest", dir + "/wreg.toml");
        assertThat(r.stderr()).startsWith("wreg: wreg.lock is out of date (+ " + greet + ":upper ^0.1 → 0.1.0)");
        expect(alice, 5, "deps", "fetch", "--locked", "--manifest", dir + "/wreg.toml");
        assertThat(Files.readString(lockFile)).isEqualTo(lock);
        Files.delete(lockFile);
        WregRunner.Result missing = expect(alice, 5, "deps", "fetch", "--locked", "--manifest", dir + "/wreg.toml");
        assertThat(missing.stderr()).contains("--locked forbids creating one");

        ok("lock", "--manifest", dir + "/wreg.toml");
        ok("lock", "--locked", "--manifest", dir + "/wreg.toml");
    }

    @Test
    @Order(5)
    void offlineUsesOnlyTheLockAndTheCache() throws Exception {
        String dir = "app";
        int dead = ServerProcess.freePort();
        WregRunner.Result offline = expect(
                alice,
                0,
                "deps",
                "fetch",
                "--offline",
                "--locked",
                "--registry",
                "http://127.0.0.1:" + dead,
                "--manifest",
                dir + "/wreg.toml");
        assertThat(offline.stdout()).contains("verified earlier, from the cache");
        WregRunner.Result composed = ok(
                "compose",
                "plug",
                ns + ":consumer@^1",
                "--plug",
                ns + ":provider@^1",
                "--offline",
                "--registry",
                "http://127.0.0.1:" + dead,
                "--lock",
                dir + "/wreg.lock",
                "-o",
                "offline.wasm",
                "--invoke",
                "run()");
        assertThat(composed.stdout()).contains("run() = 35");

        WregRunner bob = registry.user("bob");
        Path bobProject = bob.home().resolve("app");
        Files.createDirectories(bobProject);
        Files.copy(alice.home().resolve("app/wreg.toml"), bobProject.resolve("wreg.toml"));
        Files.copy(alice.home().resolve("app/wreg.lock"), bobProject.resolve("wreg.lock"));
        WregRunner.Result miss = expect(bob, 3, "deps", "fetch", "--offline", "--manifest", "app/wreg.toml");
        assertThat(miss.stderr()).contains("is not in the cache").contains("--offline forbids downloading it");
        assertThat(bobProject.resolve("wit/deps")).doesNotExist();
        expect(bob, 0, "deps", "fetch", "--locked", "--manifest", "app/wreg.toml");
        expect(bob, 0, "deps", "fetch", "--offline", "--manifest", "app/wreg.toml");
    }

    @Test
    @Order(6)
    void badManifestsExitAsDocumented() throws Exception {
        WregRunner.Result unknown = expect(
                alice,
                3,
                "lock",
                "--manifest",
                project("typo", "[dependencies]\n\"" + ns + ":provder\" = \"^1\"\n") + "/wreg.toml");
        assertThat(unknown.stderr()).contains(ns + ":provder").contains("did you mean " + ns + ":provider");
        assertThat(alice.home().resolve("typo/wreg.lock")).doesNotExist();

        WregRunner.Result unknownInterface = expect(
                alice,
                3,
                "lock",
                "--manifest",
                project("typo-iface", "[dependencies]\n\"example:calc/opz\" = \"^1\"\n") + "/wreg.toml");
        assertThat(unknownInterface.stderr()).contains("example:calc/opz").contains("did you mean example:calc/ops");

        WregRunner.Result noProvider = expect(
                alice,
                3,
                "lock",
                "--manifest",
                project("lonely", "[dependencies]\n\"" + ns + ":lonely\" = \"^2\"\n") + "/wreg.toml");
        assertThat(noProvider.stderr())
                .contains("no release provides example:calc/ops ^2.0.0 (" + ns + ":lonely@2.0.0 imports"
                        + " example:calc/ops@2.0.0)");

        WregRunner.Result cycle = expect(
                alice,
                2,
                "lock",
                "--manifest",
                project("cycle", "[dependencies]\n\"" + greet + ":ping\" = \"*\"\n\"" + greet + ":pong\" = \"*\"\n")
                        + "/wreg.toml");
        assertThat(cycle.stderr())
                .startsWith("wreg: cyclic dependency: " + greet + ":ping → " + greet + ":pong → " + greet + ":ping");

        WregRunner.Result ambiguous = expect(
                alice,
                2,
                "lock",
                "--manifest",
                project("ambiguous", "[dependencies]\n\"example:greeter/greet\" = \"*\"\n") + "/wreg.toml");
        assertThat(ambiguous.stderr())
                .containsPattern("is provided by \\d+ packages")
                .contains(greet + ":reverse 0.1.0")
                .contains(greet + ":upper 0.1.0")
                .contains("package = ");
        ok("lock", "--manifest", project("settled", """
                [dependencies]
                "example:greeter/greet" = { version = "*", package = "%s:upper" }
                """.formatted(greet)) + "/wreg.toml");
        assertThat(Files.readString(alice.home().resolve("settled/wreg.lock")))
                .contains("name = \"" + greet + ":upper\"")
                .contains("provides = \"example:greeter/greet\"");

        WregRunner.Result syntax =
                expect(alice, 2, "lock", "--manifest", project("syntax", "[dependencies\n") + "/wreg.toml");
        assertThat(syntax.stderr()).contains("is not valid TOML");
    }

    @Test
    @Order(7)
    void theDocumentedCiPipelinePasses() throws Exception {
        Path script = registry.root().resolve("docs/ci/wreg-pipeline.sh");
        Path workflow = registry.root().resolve("docs/ci/github-actions.yml");
        String ciDoc = Files.readString(registry.root().resolve("docs/ci.md"));
        assertThat(ciDoc)
                .as("docs/ci.md shows the script and the workflow exactly as tested")
                .contains(Files.readString(script))
                .contains(Files.readString(workflow));
        assertThat(Files.readString(workflow)).contains("run: ci/wreg-pipeline.sh");

        // The app's owner, once: a package for the app, and `release` for the registry's composer key.
        String composerKey = JSON.readTree(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(registry.baseUri() + "/v1/composer"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("key")
                .asString();
        // The page's first sh block, as written: this class's namespace for calc, the key for its placeholder.
        List<String> once = DocsEndToEndTest.blocksOf(
                        "docs/ci.md", ciDoc.lines().toList())
                .getFirst()
                .lines();
        assertThat(once).hasSize(2).allMatch(line -> line.startsWith("wreg "));
        for (String line : once) {
            String command =
                    line.substring("wreg ".length()).replace("calc:", ns + ":").replace("<composer key>", composerKey);
            ok(command.split("\\s+"));
        }
        // The developer, in the project folder, locks, fetches (also offline) and commits both files.
        WregRunner developer = registry.user("ci-dev");
        Files.createDirectories(developer.home());
        Files.writeString(developer.home().resolve("wreg.toml"), manifest());
        expect(developer, 0, "lock");
        expect(developer, 0, "deps", "fetch", "--locked");
        expect(developer, 0, "deps", "fetch", "--offline");
        Path checkout = work.resolve("ci/checkout");
        Files.createDirectories(checkout);
        Files.copy(developer.home().resolve("wreg.toml"), checkout.resolve("wreg.toml"));
        Files.copy(developer.home().resolve("wreg.lock"), checkout.resolve("wreg.lock"));

        // The CI runner: no config file, no key, no login; only the environment.
        Path ciHome = work.resolve("ci/home");
        Files.createDirectories(ciHome);
        Map<String, String> env = new HashMap<>();
        env.put("HOME", ciHome.toString());
        env.put("XDG_CONFIG_HOME", ciHome.resolve("config").toString());
        env.put("XDG_CACHE_HOME", ciHome.resolve("cache").toString());
        env.put("XDG_STATE_HOME", ciHome.resolve("state").toString());
        env.put("WREG", registry.root().resolve("wreg").toString());
        env.put("WREG_REGISTRY", registry.baseUri().toString());
        env.put("WREG_TOKEN", registry.bootstrapToken());
        env.put("APP_SOCKET", ns + ":consumer@^1");
        env.put("APP_PLUG", ns + ":provider@^1");
        env.put("APP_PACKAGE", ns + ":ci-app");
        env.put("APP_VERSION", "1.0.0");
        env.put("SMOKE_EXPECT", "35");
        Script result = runScript(script, checkout, env);
        assertThat(result.exitCode())
                .as("%s\nserver log:\n%s", result, registry.logTail())
                .isZero();
        assertThat(result.output())
                .contains("== 1/6", "== 2/6", "== 3/6", "== 4/6", "== 5/6", "== 6/6")
                .contains("published " + ns + ":ci-app@1.0.0")
                .contains("signed by the registry's composer key")
                .containsPattern(
                        "composed \\(plug\\) from socket " + ns + ":consumer@1\\.1\\.0 \\(sha256:[0-9a-f]{64}\\),"
                                + " plug " + ns + ":provider@1\\.1\\.0 \\(sha256:[0-9a-f]{64}\\)");
        assertThat(checkout.resolve("wit/deps/example-calc-1.1.0/package.wit")).exists();
        assertThat(ciHome.resolve("config/wreg"))
                .as("no config file was needed")
                .doesNotExist();

        // A stale lock stops the pipeline at its first step.
        Files.writeString(checkout.resolve("wreg.toml"), manifest() + "\"" + greet + ":upper\" = \"*\"\n");
        env.put("APP_VERSION", "1.0.1");
        Script stale = runScript(script, checkout, env);
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(5);
        assertThat(stale.output()).contains("wreg.lock is out of date").doesNotContain("== 2/6");
    }

    private record Script(int exitCode, String output) {}

    private static Script runScript(Path script, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("WREG_") || k.startsWith("XDG_") || k.startsWith("APP_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the pipeline did not finish in 10 minutes:\n" + output);
        }
        return new Script(process.exitValue(), output);
    }

    @Test
    @Order(8)
    void aPinnedReleaseYankedSinceIsStillFetchedWithAWarning() throws Exception {
        ok("yank", ns + ":provider@1.1.0", "--reason", "broken mul");
        WregRunner.Result r = ok("deps", "fetch", "--locked", "--manifest", "app/wreg.toml");
        assertThat(r.stderr()).contains("wreg: warning: " + ns + ":provider@1.1.0 is yanked: broken mul");
        assertThat(r.stdout()).contains("fetched " + ns + ":provider@1.1.0");
        String lock = Files.readString(alice.home().resolve("app/wreg.lock"));
        // Moving on is explicit: provider 1.0.0 provides ops@1.0.0 but consumer 1.1.0 needs ops@1.1.0 (mul).
        WregRunner.Result update =
                expect(alice, 3, "lock", "--update", ns + ":provider", "--manifest", "app/wreg.toml");
        assertThat(update.stderr())
                .contains(ns + ":provider has no release providing example:calc/ops ^1.1.0 (" + ns
                        + ":consumer@1.1.0 imports example:calc/ops@1.1.0)")
                .contains(ns + ":provider 1.1.0 (example:calc/ops@1.1.0, yanked)");
        assertThat(Files.readString(alice.home().resolve("app/wreg.lock"))).isEqualTo(lock);
        ok("unyank", ns + ":provider@1.1.0");
        WregRunner.Result updated = ok("lock", "--update", "--manifest", "app/wreg.toml");
        assertThat(updated.stdout()).startsWith("unchanged: ");
    }
}
