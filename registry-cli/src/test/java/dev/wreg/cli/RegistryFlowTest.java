package dev.wreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI against an in-test registry: happy paths, verification failures, error mapping. */
class RegistryFlowTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "wreg_testtoken0123456789";

    @TempDir
    Path home;

    private FakeRegistry registry;
    private CliHarness alice;
    /** Looked up by the tests that publish it: the others run without the shared data. */
    private static Path hello() {
        return SharedData.fixtureWasm("hello");
    }

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry();
        alice = user("alice");
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private CliHarness user(String name) {
        CliHarness user = new CliHarness(home.resolve(name)).with("WREG_REGISTRY", registry.url());
        CliHarness.Result key = user.run("key", "new");
        assertThat(key.exitCode()).as(key.toString()).isZero();
        CliHarness.Result login = user.runWithInput(TOKEN, "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        return user;
    }

    private static CliHarness.Result ok(CliHarness user, String... args) {
        CliHarness.Result result = user.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isZero();
        return result;
    }

    private static void assertFails(CliHarness.Result result, int exitCode, String messagePart) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        List<String> errorLines = result.stderr()
                .strip()
                .lines()
                .filter(l -> !l.startsWith("wreg: warning"))
                .toList();
        assertThat(errorLines).as(result.toString()).hasSize(1);
        assertThat(errorLines.getFirst()).startsWith("wreg: ").contains(messagePart);
    }

    private void publishHello() {
        ok(alice, "namespace", "claim", "example");
        ok(alice, "publish", hello().toString(), "--package", "example:hello", "--version", "0.1.0");
    }

    @Test
    void publishesSignedAndFetchesVerifiedBytes() throws Exception {
        publishHello();
        assertThat(registry.blobs).hasSize(1);
        assertThat(registry.packageLogs.get("example:hello")).hasSize(1);

        CliHarness.Result fetched = ok(alice, "fetch", "example:hello@0.1.0", "-o", "out.wasm");
        assertThat(fetched.stdout()).contains("example:hello@0.1.0").contains("verified");
        assertThat(Files.mismatch(hello(), alice.home().resolve("out.wasm"))).isEqualTo(-1L);

        // The blob is cached by digest; a second fetch reads no blob from the registry.
        long blobGets = registry.requests.stream()
                .filter(r -> r.startsWith("GET /v1/blobs/"))
                .count();
        JsonNode json = JSON.readTree(
                ok(alice, "fetch", "example:hello", "--json", "-o", "b.wasm").stdout());
        assertThat(json.path("version").asString()).isEqualTo("0.1.0");
        assertThat(Path.of(json.path("cached").asString()))
                .startsWith(alice.home().resolve("cache/wreg"));
        assertThat(registry.requests.stream()
                        .filter(r -> r.startsWith("GET /v1/blobs/"))
                        .count())
                .isEqualTo(blobGets);

        // A second release extends the chain (prev = head) without a new init.
        Path other = hello().resolveSibling("exit-code.wasm");
        ok(alice, "publish", other.toString(), "--package", "example:hello", "--version", "0.2.0");
        assertThat(registry.packageLogs.get("example:hello")).hasSize(2);
        ok(alice, "fetch", "example:hello@~0.2", "-o", "c.wasm");
        assertThat(Files.mismatch(other, alice.home().resolve("c.wasm"))).isEqualTo(-1L);
    }

    @Test
    void aRepeatedFetchAsksOnlyForTheRecordsAfterTheVerifiedOnes() throws Exception {
        publishHello();
        Path other = hello().resolveSibling("exit-code.wasm");
        ok(alice, "publish", other.toString(), "--package", "example:hello", "--version", "0.2.0");
        ok(alice, "fetch", "example:hello", "-o", "a.wasm");
        assertThat(registry.requestsWithQuery).contains("GET /v1/packages/example:hello/records?from=0");

        // Both records were verified and kept: the registry is asked from the last of them on
        // (which must still be the same record there), not for the whole history.
        registry.requestsWithQuery.clear();
        ok(alice, "fetch", "example:hello", "-o", "b.wasm");
        assertThat(registry.requestsWithQuery)
                .contains("GET /v1/packages/example:hello/records?from=1")
                .doesNotContain("GET /v1/packages/example:hello/records?from=0")
                .noneMatch(r -> r.startsWith("GET /v1/blobs/"));
        assertThat(Files.mismatch(other, alice.home().resolve("b.wasm"))).isEqualTo(-1L);

        // A new release is read after the kept records, verified, and fetched.
        ok(alice, "publish", hello().toString(), "--package", "example:hello", "--version", "0.3.0");
        registry.requestsWithQuery.clear();
        assertThat(ok(alice, "fetch", "example:hello", "-o", "c.wasm").stdout()).contains("example:hello@0.3.0");
        assertThat(registry.requestsWithQuery).doesNotContain("GET /v1/packages/example:hello/records?from=0");
        assertThat(Files.mismatch(hello(), alice.home().resolve("c.wasm"))).isEqualTo(-1L);

        // A new record that does not verify is refused even though the ones before it were kept.
        List<Envelope> log = registry.packageLogs.get("example:hello");
        Envelope original = log.getFirst();
        log.add(new Envelope(original.payloadType(), original.payload(), original.signatures()));
        assertFails(alice.run("fetch", "example:hello", "-o", "d.wasm"), ExitCode.INTEGRITY, "record 3");
        assertThat(alice.home().resolve("d.wasm")).doesNotExist();
    }

    @Test
    void yankUnyankAndDeprecateShowInInfo() throws Exception {
        publishHello();
        ok(alice, "yank", "example:hello@0.1.0", "--reason", "broken");
        JsonNode info =
                JSON.readTree(ok(alice, "info", "example:hello", "--json").stdout());
        JsonNode version = info.path("versions").get(0);
        assertThat(version.path("yanked").asBoolean()).isTrue();
        assertThat(version.path("yankReason").asString()).isEqualTo("broken");
        assertThat(info.path("latest").isNull()).isTrue();
        assertThat(info.path("recordCount").asLong()).isEqualTo(2);

        assertFails(alice.run("fetch", "example:hello@^0.1"), ExitCode.NOT_FOUND, "yanked");
        // An exact version still fetches, with a warning.
        CliHarness.Result exact = ok(alice, "fetch", "example:hello@0.1.0", "-o", "x.wasm");
        assertThat(exact.stderr()).contains("warning: example:hello@0.1.0 is yanked: broken");

        ok(alice, "unyank", "example:hello@0.1.0");
        ok(alice, "deprecate", "example:hello@0.1.0", "--message", "use 1.0");
        info = JSON.readTree(ok(alice, "info", "example:hello", "--json").stdout());
        assertThat(info.path("versions").get(0).path("yanked").asBoolean()).isFalse();
        assertThat(info.path("versions").get(0).path("deprecated").asString()).isEqualTo("use 1.0");
        assertThat(info.path("latest").asString()).isEqualTo("0.1.0");
    }

    @Test
    void grantLetsAnotherKeyReleaseAndRevokeStopsIt() throws Exception {
        publishHello();
        CliHarness bob = user("bob");
        String bobKey = JSON.readTree(bob.run("key", "show", "--json").stdout())
                .path("publicKey")
                .asString();
        String bobId = JSON.readTree(bob.run("key", "show", "--json").stdout())
                .path("keyId")
                .asString();

        Path other = hello().resolveSibling("exit-code.wasm");
        assertFails(
                bob.run("publish", other.toString(), "--package", "example:hello", "--version", "0.2.0"),
                ExitCode.AUTH,
                "cannot change example:hello");

        ok(alice, "grant", bobKey, "--package", "example:hello", "--permissions", "release");
        ok(bob, "publish", other.toString(), "--package", "example:hello", "--version", "0.2.0");
        // release was granted, yank was not.
        assertFails(bob.run("yank", "example:hello@0.2.0"), ExitCode.AUTH, "cannot change");

        ok(alice, "revoke", bobId, "--package", "example:hello");
        assertFails(
                bob.run("publish", other.toString(), "--package", "example:hello", "--version", "0.3.0"),
                ExitCode.AUTH,
                "cannot change");
    }

    @Test
    void aTamperedRecordIsAnIntegrityFailure() {
        publishHello();
        List<Envelope> log = registry.packageLogs.get("example:hello");
        Envelope original = log.getFirst();
        // Same signatures over a payload that now claims another size: the signature breaks.
        String payload = new String(original.payload(), StandardCharsets.UTF_8);
        String tampered = payload.replace("\"size\":53519", "\"size\":53518");
        assertThat(tampered).isNotEqualTo(payload);
        log.set(
                0,
                new Envelope(original.payloadType(), tampered.getBytes(StandardCharsets.UTF_8), original.signatures()));

        assertFails(alice.run("fetch", "example:hello", "-o", "x.wasm"), ExitCode.INTEGRITY, "does not verify");
        assertFails(alice.run("info", "example:hello"), ExitCode.INTEGRITY, "does not verify");
        assertThat(alice.home().resolve("x.wasm")).doesNotExist();
    }

    @Test
    void aRecordFromAnUnauthorisedKeyIsAnIntegrityFailure() {
        publishHello();
        // Mallory, with no rights, signs a release and the registry (wrongly) serves it.
        CliHarness mallory = user("mallory");
        registry.failure = null;
        List<Envelope> log = registry.packageLogs.get("example:hello");
        CliHarness.Result dry = mallory.run(
                "publish", hello().toString(), "--package", "example:hello", "--version", "6.6.6", "--dry-run");
        assertThat(dry.exitCode()).isEqualTo(ExitCode.AUTH);
        // Craft it by hand, as a hostile registry could.
        var key = dev.wreg.protocol.crypto.PrivateKey.generateEd25519();
        var head = dev.wreg.protocol.digest.Digest.sha256(log.getLast().payload());
        var record = new dev.wreg.protocol.record.PackageRecord(
                dev.wreg.protocol.name.PackageName.parse("example:hello"),
                head,
                java.time.Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                List.of(new dev.wreg.protocol.record.Entry.Release(
                        dev.wreg.protocol.version.Version.parse("6.6.6"),
                        dev.wreg.protocol.digest.Digest.sha256(new byte[] {1}),
                        1)));
        log.add(dev.wreg.protocol.record.SignedRecord.sign(record, key).envelope());
        assertFails(alice.run("fetch", "example:hello@6.6.6"), ExitCode.INTEGRITY, "record 1 of example:hello");
    }

    @Test
    void bytesThatDoNotMatchTheSignedDigestAreRefusedAndNotCached() throws Exception {
        publishHello();
        registry.blobTamper = bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length - 1] ^= 1;
            return copy;
        };
        assertFails(alice.run("fetch", "example:hello", "-o", "x.wasm"), ExitCode.INTEGRITY, "not the signed");
        assertThat(alice.home().resolve("x.wasm")).doesNotExist();
        try (var cached = Files.list(alice.home().resolve("cache/wreg/blobs/sha256"))) {
            assertThat(cached.toList()).isEmpty();
        }

        registry.blobTamper = bytes -> java.util.Arrays.copyOf(bytes, bytes.length + 10);
        assertFails(alice.run("fetch", "example:hello"), ExitCode.INTEGRITY, "larger than");

        registry.blobTamper = bytes -> java.util.Arrays.copyOf(bytes, bytes.length - 10);
        assertFails(alice.run("fetch", "example:hello"), ExitCode.INTEGRITY, "bytes, its signed release declares");
    }

    @Test
    void aCorruptedCacheEntryIsFetchedAgain() throws Exception {
        publishHello();
        CliHarness.Result first = ok(alice, "fetch", "example:hello", "--json", "-o", "a.wasm");
        Path cached = Path.of(JSON.readTree(first.stdout()).path("cached").asString());
        Files.write(cached, new byte[] {0, 1, 2});
        CliHarness.Result again = ok(alice, "fetch", "example:hello", "-o", "b.wasm");
        assertThat(again.stderr()).contains("is corrupt");
        assertThat(Files.mismatch(hello(), alice.home().resolve("b.wasm"))).isEqualTo(-1L);
    }

    @Test
    void aChangedOperatorKeyIsRefused() throws Exception {
        publishHello();
        Path pin = alice.home()
                .resolve("state/wreg/registries")
                .resolve(registry.url().replace("http://", "").replace(":", "_"))
                .resolve("operator-key");
        assertThat(pin).isRegularFile();
        Files.writeString(
                pin,
                dev.wreg.protocol.crypto.PrivateKey.generateEd25519()
                        .publicKey()
                        .text());
        assertFails(alice.run("info", "example:hello"), ExitCode.INTEGRITY, "operator key changed");
    }

    @Test
    void publishingInSomeoneElsesNamespaceIsRefusedBeforeAnyUpload() {
        ok(alice, "namespace", "claim", "example");
        CliHarness mallory = user("mallory");
        int before = registry.requests.size();
        assertFails(
                mallory.run("publish", hello().toString(), "--package", "example:evil", "--version", "1.0.0"),
                ExitCode.AUTH,
                "cannot change example:evil");
        assertThat(registry.requests.subList(before, registry.requests.size()))
                .noneMatch(r -> r.startsWith("PUT") || r.startsWith("POST"));
        assertThat(registry.blobs).isEmpty();
    }

    @Test
    void dryRunSendsNothing() {
        ok(alice, "namespace", "claim", "example");
        int before = registry.requests.size();
        CliHarness.Result dry = ok(
                alice, "publish", hello().toString(), "--package", "example:hello", "--version", "0.1.0", "--dry-run");
        assertThat(dry.stdout()).contains("\"type\":\"init\"").contains("\"type\":\"release\"");
        assertThat(registry.requests.subList(before, registry.requests.size())).allMatch(r -> r.startsWith("GET"));
    }

    @Test
    void theSameVersionWithOtherBytesIsAConflict() {
        publishHello();
        Path other = hello().resolveSibling("exit-code.wasm");
        assertFails(
                alice.run("publish", other.toString(), "--package", "example:hello", "--version", "0.1.0"),
                ExitCode.CONFLICT,
                "already exists");
        // The same bytes again are fine: nothing new is written.
        int records = registry.packageLogs.get("example:hello").size();
        ok(alice, "publish", hello().toString(), "--package", "example:hello", "--version", "0.1.0");
        assertThat(registry.packageLogs.get("example:hello")).hasSize(records);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> exit {3}")
    @CsvSource({
        "POST /v1/packages/, 401, unauthenticated, 4",
        "POST /v1/packages/, 403, forbidden, 4",
        "POST /v1/packages/, 409, version-exists, 5",
        "POST /v1/packages/, 409, stale-prev, 5",
        "POST /v1/packages/, 422, not-a-component, 2",
        "POST /v1/packages/, 400, bad-signature, 6",
        "POST /v1/packages/, 503, storage-unavailable, 7",
        "PUT /v1/blobs/, 413, payload-too-large, 2",
        "PUT /v1/blobs/, 422, digest-mismatch, 6",
        "PUT /v1/blobs/, 403, too-many-pending-uploads, 5",
        "POST /v1/packages/, 400, blob-reclaimed, 5",
        "PUT /v1/blobs/, 500, internal, 7",
        "GET /v1/packages/, 500, internal, 7",
        "GET /v1/operator, 429, too-many-requests, 7"
    })
    void problemAnswersMapToExitCodes(String prefix, int status, String code, int exitCode) {
        ok(alice, "namespace", "claim", "example");
        registry.failure = new FakeRegistry.Failure(prefix, status, code);
        CliHarness.Result result =
                alice.run("publish", hello().toString(), "--package", "example:hello", "--version", "0.1.0");
        assertFails(result, exitCode, code);
    }

    @Test
    void readsAreRetriedWhenTheRegistryIsBrieflyBusy() {
        publishHello();
        registry.failure = new FakeRegistry.Failure(
                "GET /v1/packages/", 503, "unavailable", new java.util.concurrent.atomic.AtomicInteger(1));
        ok(alice, "info", "example:hello");
        // Writes are not repeated: one refusal is the answer.
        registry.failure = new FakeRegistry.Failure(
                "POST /v1/packages/", 503, "unavailable", new java.util.concurrent.atomic.AtomicInteger(1));
        assertFails(alice.run("yank", "example:hello@0.1.0"), ExitCode.UNAVAILABLE, "unavailable");
    }

    @Test
    void missingThingsAreNotFound() {
        assertFails(alice.run("fetch", "example:nothing"), ExitCode.NOT_FOUND, "example:nothing not found");
        assertFails(alice.run("info", "example:nothing"), ExitCode.NOT_FOUND, "not found");
        publishHello();
        assertFails(alice.run("fetch", "example:hello@9.9.9"), ExitCode.NOT_FOUND, "no version 9.9.9");
        assertFails(alice.run("fetch", "example:hello@^2"), ExitCode.NOT_FOUND, "matches ^2");
        assertFails(alice.run("yank", "example:hello@9.9.9"), ExitCode.NOT_FOUND, "cannot change");
    }

    @Test
    void withoutATokenWritesAreRefusedBeforeSending() {
        CliHarness anonymous = new CliHarness(home.resolve("anon")).with("WREG_REGISTRY", registry.url());
        ok(anonymous, "key", "new");
        int before = registry.requests.size();
        assertFails(anonymous.run("namespace", "claim", "example"), ExitCode.AUTH, "wreg login");
        assertThat(registry.requests).hasSize(before);
        // WREG_TOKEN works in place of login.
        ok(anonymous.with("WREG_TOKEN", TOKEN), "namespace", "claim", "example");
    }

    @Test
    void anUnreachableRegistryIsUnavailable() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliHarness offline =
                alice.with("WREG_REGISTRY", "http://127.0.0.1:" + port).with("WREG_TOKEN", TOKEN);
        assertFails(offline.run("fetch", "example:hello"), ExitCode.UNAVAILABLE, "cannot reach the registry");
        assertFails(offline.run("namespace", "claim", "example"), ExitCode.UNAVAILABLE, "cannot reach");
    }

    @Test
    void badInputIsAUsageErrorOnOneLine() throws Exception {
        assertFails(alice.run("fetch", "Example:Hello"), ExitCode.USAGE, "not a package name");
        assertFails(alice.run("fetch", "example:hello@not a version"), ExitCode.USAGE, "neither a version");
        assertFails(
                alice.run("publish", hello().toString(), "--package", "example:hello", "--version", "01.0.0"),
                ExitCode.USAGE,
                "not a semantic version");
        Path core = alice.home().resolve("core.wasm");
        Files.write(core, new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0});
        assertFails(
                alice.run("publish", core.toString(), "--package", "example:hello", "--version", "1.0.0"),
                ExitCode.USAGE,
                "core WebAssembly module");
        assertFails(alice.run("publish", "--package", "example:hello"), ExitCode.USAGE, "Missing required");
        assertFails(alice.run("frobnicate"), ExitCode.USAGE, "frobnicate");
        assertFails(alice.run("info", "a:b", "--registry", "ftp://x"), ExitCode.USAGE, "http:// or https://");
    }
}
