package dev.wreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a cargo, npm or wkg user expects of a command-line tool (issue 18 §2), in-process against
 * {@link FakeRegistry}: help everywhere, typos answered with the nearest command, a registry URL
 * that is wrong said to be wrong, login that checks the token, the registry's release check run
 * before an upload, one {@code wreg: …} line per failure.
 */
class CliUsabilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "wreg_testtoken0123456789";

    @TempDir
    Path home;

    private FakeRegistry registry;
    private CliHarness alice;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry();
        alice = new CliHarness(home.resolve("alice")).with("WREG_REGISTRY", registry.url());
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private static CliHarness.Result ok(CliHarness user, String... args) {
        CliHarness.Result result = user.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isZero();
        return result;
    }

    /** Exit code and exactly one line on stderr, {@code wreg: …}, containing {@code part}. */
    private static String assertFails(CliHarness.Result result, int exitCode, String part) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        List<String> lines = result.stderr().strip().lines().toList();
        assertThat(lines).as(result.toString()).hasSize(1);
        assertThat(lines.getFirst()).startsWith("wreg: ").contains(part).doesNotContainPattern("java\\.\\w+\\.");
        return lines.getFirst();
    }

    // --- help, version, typos, completion

    @ParameterizedTest
    @ValueSource(strings = {"publish --help", "publish -h", "help publish"})
    void publishHelpIsShownDespiteItsRequiredOptions(String args) {
        CliHarness.Result help = ok(alice, args.split(" "));
        assertThat(help.stdout()).startsWith("Usage: wreg publish").contains("--package=NS:NAME", "--version=VERSION");
        assertThat(help.stderr()).isEmpty();
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of(
                "login", "whoami", "token", "token create", "fetch", "info", "namespace claim", "completion", "run")) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            CliHarness.Result help = ok(alice, args.toArray(String[]::new));
            assertThat(help.stdout()).as(command).startsWith("Usage: wreg " + command);
        }
    }

    @Test
    void versionIsACommandAndAnOption() {
        assertThat(ok(alice, "version").stdout().strip()).isEqualTo(WregCommand.VERSION);
        assertThat(ok(alice, "--version").stdout().strip()).isEqualTo(WregCommand.VERSION);
    }

    @Test
    void aTypoSuggestsTheNearestCommand() {
        assertFails(
                alice.run("pubish", "x.wasm"),
                ExitCode.USAGE,
                "'pubish' is not a wreg command; did you mean 'publish'?");
        assertFails(alice.run("namespace", "clam", "x"), ExitCode.USAGE, "did you mean 'claim'?");
        String nothingNear = assertFails(alice.run("frobnicate"), ExitCode.USAGE, "'frobnicate' is not a wreg command");
        assertThat(nothingNear).doesNotContain("did you mean");
    }

    @Test
    void completionScriptsKnowTheCommandsAndOptions() {
        String bash = ok(alice, "completion", "bash").stdout();
        assertThat(bash).contains("complete -F _complete_wreg", "publish", "--package");
        String zsh = ok(alice, "completion", "zsh").stdout();
        assertThat(zsh).startsWith("autoload -U +X compinit").contains("bashcompinit", "_complete_wreg");
        String fish = ok(alice, "completion", "fish").stdout();
        assertThat(fish)
                .contains("complete -c wreg -n '__fish_use_subcommand' -a publish -d 'Check, sign and publish")
                .contains("complete -c wreg -n '__fish_seen_subcommand_from publish' -l package -r")
                .contains("complete -c wreg -n '__fish_seen_subcommand_from token' -a create");
        assertFails(alice.run("completion", "tcsh"), ExitCode.USAGE, "tcsh");
    }

    // --- the registry address

    @Test
    void aRegistryUrlEndingInV1SaysWhatToGiveInstead() {
        String line = assertFails(
                alice.with("WREG_REGISTRY", registry.url() + "/v1").run("info", "example:hello"),
                ExitCode.USAGE,
                "ends in /v1");
        assertThat(line).endsWith("give the registry's base URL: " + registry.url());
    }

    @Test
    void somethingThatIsNotARegistrySaysSo() throws IOException {
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            try (exchange) {
                boolean known = exchange.getRequestURI().getPath().equals("/v1/operator");
                byte[] page = "<html><body>a web site</body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                exchange.sendResponseHeaders(known ? 200 : 404, page.length);
                exchange.getResponseBody().write(page);
            }
        });
        web.start();
        try {
            String url = "http://127.0.0.1:" + web.getAddress().getPort();
            CliHarness user = alice.with("WREG_REGISTRY", url);
            // Answers HTML where a registry answers JSON …
            assertFails(user.run("info", "example:hello"), ExitCode.USAGE, url + " does not look like a wreg registry");
            // … and 404 without a problem document where a registry always sends one.
            ok(user, "key", "new");
            assertFails(
                    user.runWithInput(TOKEN, "login", "--token-stdin"),
                    ExitCode.USAGE,
                    url + " does not look like a wreg registry");
            assertThat(user.home().resolve("config/wreg/credentials.json")).doesNotExist();
        } finally {
            web.stop(0);
        }
    }

    @Test
    void anUnknownHostIsNotConnectionRefused() {
        String line = assertFails(
                alice.with("WREG_REGISTRY", "http://no-such-host.invalid:8080").run("info", "example:hello"),
                ExitCode.UNAVAILABLE,
                "cannot find host 'no-such-host.invalid'");
        assertThat(line).doesNotContain("connection refused");
    }

    // --- login, whoami

    @Test
    void loginStoresAGoodTokenAndNamesTheRegistry() {
        CliHarness.Result login = alice.runWithInput(TOKEN, "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stderr()).contains("logged in to " + registry.url() + " as token tok_fake (scopes: admin)");
        assertThat(registry.requests).contains("GET /v1/whoami");
        CliHarness.Result who = ok(alice, "whoami");
        assertThat(who.stdout()).contains("registry: " + registry.url(), "tok_fake", "scopes: admin");
        JsonNode json = JSON.readTree(ok(alice, "whoami", "--json").stdout());
        assertThat(json.path("registry").asString()).isEqualTo(registry.url());
        assertThat(json.path("id").asString()).isEqualTo("tok_fake");
    }

    @Test
    void aRefusedTokenIsExitFourAndNotStored() {
        String refused = "wreg_refusedtoken0123456789";
        registry.refusedTokens.add(refused);
        assertFails(alice.runWithInput(refused, "login", "--token-stdin"), ExitCode.AUTH, "refused this token");
        assertThat(alice.home().resolve("config/wreg/credentials.json")).doesNotExist();
    }

    @Test
    void loginToAnUnreachableRegistryIsExitSevenAndNotStored() throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertFails(
                alice.with("WREG_REGISTRY", "http://127.0.0.1:" + port).runWithInput(TOKEN, "login", "--token-stdin"),
                ExitCode.UNAVAILABLE,
                "cannot reach the registry");
        assertThat(alice.home().resolve("config/wreg/credentials.json")).doesNotExist();
    }

    // --- publish runs the registry's release check first

    @Test
    void aReleaseOverTheNamespaceLimitIsRefusedBeforeUploadNamingTheLimit() {
        Path hello = SharedData.fixtureWasm("hello");
        CliHarness user = login(alice);
        ok(user, "namespace", "claim", "example");
        registry.policyMaxBytes = 1000L;
        assertFails(
                user.run("publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0"),
                ExitCode.USAGE,
                "namespace 'example' accepts at most 1000");
        assertThat(registry.requests).noneMatch(r -> r.startsWith("PUT /v1/blobs") || r.startsWith("HEAD /v1/blobs"));
    }

    @Test
    void anUploadNamesItsNamespaceAndARefusalOfItsLimitsIsOneLineNamingTheLimit() {
        Path hello = SharedData.fixtureWasm("hello");
        CliHarness user = login(alice);
        ok(user, "namespace", "claim", "example");
        // What the registry answers past the namespace's pending-upload limit (its detail names the limit).
        registry.failure = new FakeRegistry.Failure(
                "PUT /v1/blobs/",
                403,
                "too-many-pending-uploads",
                new java.util.concurrent.atomic.AtomicInteger(1),
                "this token already has 2 uploaded blobs for namespace 'example' that no release names yet;"
                        + " the limit is 2 pending uploads");
        assertFails(
                user.run("publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0"),
                ExitCode.CONFLICT,
                "the limit is 2 pending uploads (too-many-pending-uploads, HTTP 403)");
        assertThat(registry.requestsWithQuery)
                .anySatisfy(
                        r -> assertThat(r).startsWith("PUT /v1/blobs/sha256:").endsWith("?namespace=example"));
        assertThat(registry.requests).noneMatch(r -> r.startsWith("POST /v1/packages/"));
    }

    @Test
    void aBreakingChangeUnderAMinorBumpIsRefusedBeforeUpload() {
        Path v1 = SharedData.fixtureWasm("calc-provider-1.0.0");
        Path v2 = SharedData.fixtureWasm("calc-provider-2.0.0");
        CliHarness user = login(alice);
        ok(user, "namespace", "claim", "example");
        ok(user, "publish", v1.toString(), "--package", "example:calc", "--version", "1.0.0");
        int uploads = (int) registry.requests.stream()
                .filter(r -> r.startsWith("PUT /v1/blobs"))
                .count();
        assertFails(
                user.run("publish", v2.toString(), "--package", "example:calc", "--version", "1.1.0"),
                ExitCode.USAGE,
                "bump from 1.0.0 is too small");
        assertThat(registry.requests.stream().filter(r -> r.startsWith("PUT /v1/blobs")))
                .as("nothing uploaded")
                .hasSize(uploads);
        ok(user, "publish", v2.toString(), "--package", "example:calc", "--version", "2.0.0");
    }

    @Test
    void aRegistryThatStatesNoPolicyStillGetsTheComponentChecked() {
        Path hello = SharedData.fixtureWasm("hello");
        CliHarness user = login(alice);
        ok(user, "namespace", "claim", "example");
        registry.policyMaxBytes = null;
        CliHarness.Result published =
                ok(user, "publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0");
        assertThat(published.stderr()).contains("does not state its publish policy");
    }

    // --- one line per failure, naming the file

    @Test
    void semverAndValidateFailOnOneWregLine(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.wasm");
        Path core = dir.resolve("core.wasm");
        Files.write(core, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        assertFails(
                alice.run("semver", missing.toString(), core.toString()), ExitCode.USAGE, "no such file: " + missing);
        assertFails(
                alice.run("semver", core.toString(), core.toString(), "--old-version", "1.x"),
                ExitCode.USAGE,
                "--old-version '1.x' is not a version");
        assertFails(alice.run("semver", core.toString(), core.toString()), ExitCode.USAGE, "cannot compare " + core);
        assertFails(alice.run("validate", "-f", "no-such-feature", core.toString()), ExitCode.USAGE, "--features");
        CliHarness.Result missingFile = alice.run("validate", missing.toString());
        assertThat(missingFile.exitCode()).isEqualTo(1);
        assertThat(missingFile.stdout().strip()).isEqualTo(missing + ": invalid: no such file");
    }

    @Test
    void badVersionRequirementsReadNaturally() {
        String line = assertFails(alice.run("fetch", "example:hello@^^1"), ExitCode.USAGE, "'^^1'");
        assertThat(line)
                .isEqualTo("wreg: '^^1' is neither a version nor a version requirement (it names \"^1\", which has a"
                        + " non-numeric major part); write a version such as 1.2.3 or a requirement such as ^1.2,"
                        + " ~1.2.3, >=1.0, <2 or *");
    }

    @Test
    void runOnALibraryIsExitTwoPointingAtInvoke() {
        Path library = SharedData.fixtureWasm("calc-provider-1.0.0");
        assertFails(alice.run("run", library.toString()), ExitCode.USAGE, "is not a command")
                .contains("--invoke");
    }

    // --- fetch, info, namespace claim

    @Test
    void fetchedFilesGetTheUmaskPermissionsAndInfoShowsCapabilities() throws IOException {
        Path hello = SharedData.fixtureWasm("hello");
        CliHarness user = login(alice);
        ok(user, "namespace", "claim", "example");
        ok(user, "publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0");
        ok(user, "fetch", "example:hello", "-o", "fetched.wasm");
        // What any new file in that folder gets under this process's umask.
        Path reference = Files.createFile(user.home().resolve("reference"));
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(user.home().resolve("fetched.wasm"))))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)));

        CliHarness.Result info = ok(user, "info", "example:hello");
        assertThat(info.stdout())
                .contains("example:hello  (1 record, head")
                .contains("capabilities of 0.1.0 (from its verified bytes):")
                .containsPattern("wasi: .*wasi:cli/");
        JsonNode json =
                JSON.readTree(ok(user, "info", "example:hello", "--json").stdout());
        assertThat(json.path("capabilities").path("version").asString()).isEqualTo("0.1.0");
        assertThat(json.path("capabilities").path("wasi").toString()).contains("wasi:cli/");
    }

    @Test
    void progressIsDrawnOnATerminalOnly() {
        Path hello = SharedData.fixtureWasm("hello");
        CliHarness user = login(alice);
        ok(user, "namespace", "claim", "example");
        CliHarness.Result piped =
                ok(user, "publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0");
        assertThat(piped.stderr()).doesNotContain("\r");
        CliHarness.Result pipedFetch = ok(user, "fetch", "example:hello", "-o", "a.wasm");
        assertThat(pipedFetch.stderr()).doesNotContain("\r");

        CliHarness tty = login(new CliHarness(home.resolve("tty")).with("WREG_REGISTRY", registry.url()))
                .onATerminal();
        CliHarness.Result fetched = ok(tty, "fetch", "example:hello", "-o", "b.wasm");
        assertThat(fetched.stderr()).contains("\rdownloading [").contains("/s");
        ok(tty, "namespace", "claim", "other");
        // Other bytes than hello's, which the registry already has and would not be sent again.
        Path greeter = SharedData.fixtureWasm("greeter-upper");
        CliHarness.Result uploaded =
                ok(tty, "publish", greeter.toString(), "--package", "other:greeter", "--version", "0.1.0");
        assertThat(uploaded.stderr()).contains("\ruploading [");
    }

    @Test
    void aRepeatedFetchNeedsNoNewInclusionProofsOrDownload() {
        Path hello = SharedData.fixtureWasm("hello");
        CliHarness user = login(alice);
        ok(user, "namespace", "claim", "example");
        ok(user, "publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0");
        ok(user, "fetch", "example:hello", "-o", "first.wasm");
        List<String> before = List.copyOf(registry.requests);
        ok(user, "fetch", "example:hello", "-o", "second.wasm");
        List<String> again = registry.requests.subList(before.size(), registry.requests.size());
        // The records were proven included (and the blob cached) by the first fetch; the log has
        // only grown since, each step proven append-only, so nothing needs proving again.
        assertThat(again).noneMatch(r -> r.startsWith("GET /log/proof/inclusion"));
        assertThat(again).noneMatch(r -> r.startsWith("GET /v1/blobs/"));
        assertThat(again).contains("GET /log/checkpoint");
    }

    @Test
    void claimingANamespaceYouOwnIsANoOp() {
        CliHarness user = login(alice);
        ok(user, "namespace", "claim", "example");
        CliHarness.Result again = ok(user, "namespace", "claim", "example");
        assertThat(again.stderr()).contains("namespace example is already yours");
        CliHarness bob = login(new CliHarness(home.resolve("bob")).with("WREG_REGISTRY", registry.url()));
        assertFails(bob.run("namespace", "claim", "example"), ExitCode.CONFLICT, "already claimed");
    }

    private static CliHarness login(CliHarness user) {
        ok(user, "key", "new");
        CliHarness.Result login = user.runWithInput(TOKEN, "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        return user;
    }
}
