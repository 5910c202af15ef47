package dev.wreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.Ed25519Cosigner;
import dev.wreg.protocol.log.Note;
import dev.wreg.protocol.log.NoteSignature;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness attacks of tlog-anchors.md §5 (#10, #11, #12) caught by the CLI once a witness
 * policy is pinned: the fake registry serves its checkpoint with cosignature lines the test makes,
 * as a registry (or a tampering proxy) could.
 */
class WitnessQuorumCliTest {

    private static final String TOKEN = "wreg_testtoken0123456789";
    private static final long HOUR = 3600;

    @TempDir
    Path home;

    private FakeRegistry registry;
    private CliHarness alice;
    private Path policy;
    private final Ed25519Cosigner w1 = Ed25519Cosigner.generate("w1.example");
    private final Ed25519Cosigner w2 = Ed25519Cosigner.generate("w2.example");
    private final Ed25519Cosigner w3 = Ed25519Cosigner.generate("w3.example");

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry();
        alice = new CliHarness(home.resolve("alice")).with("WREG_REGISTRY", registry.url());
        ok("key", "new");
        CliHarness.Result login = alice.runWithInput(TOKEN, "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        Path hello = SharedData.fixtureWasm("hello");
        ok("namespace", "claim", "example");
        ok("publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0");
        policy = home.resolve("policy.txt");
        Files.writeString(
                policy,
                "# two of three witnesses\n"
                        + "log " + registry.log.signer.verifierKey().text() + "\n"
                        + "witness W1 " + w1.verifierKey().text() + "\n"
                        + "witness W2 " + w2.verifierKey().text() + "\n"
                        + "witness W3 " + w3.verifierKey().text() + "\n"
                        + "group G 2 W1 W2 W3\n"
                        + "quorum G\n");
        // A newer checkpoint than the stored one, so a refusal can be seen to leave it in place.
        registry.log.append("filler".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private CliHarness.Result ok(String... args) {
        CliHarness.Result result = alice.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isZero();
        return result;
    }

    /** Runs a command that must fail with exit 6 and one error line, leaving the stored checkpoint. */
    private CliHarness.Result refused(String messagePart, String... args) {
        byte[] before = stored();
        CliHarness.Result result = alice.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isEqualTo(ExitCode.INTEGRITY);
        assertThat(result.stderr().strip().lines()).as(result.toString()).hasSize(1);
        assertThat(result.errorLine()).contains(messagePart);
        assertThat(stored()).isEqualTo(before);
        return result;
    }

    private byte[] stored() {
        try (Stream<Path> files = Files.walk(alice.home())) {
            return Files.readAllBytes(
                    files.filter(p -> p.getFileName().toString().equals("checkpoint"))
                            .findFirst()
                            .orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves the log's latest checkpoint with the cosignature lines {@code lines} makes for it. */
    private void serveCosigned(Function<Checkpoint, List<NoteSignature>> lines) {
        registry.checkpointTamper = note -> {
            Note parsed = Note.parse(note);
            return parsed.withSignatures(lines.apply(Checkpoint.parse(parsed.text())))
                    .toBytes();
        };
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private String[] info(String... more) {
        return Stream.concat(Stream.of("info", "example:hello", "--log-policy", policy.toString()), Stream.of(more))
                .toArray(String[]::new);
    }

    @Test
    void aCheckpointMeetingTheQuorumIsAcceptedAndStored() {
        long now = now(); // one time, so that the served note is the same on every request
        serveCosigned(cp -> List.of(w1.cosign(cp, now - HOUR), w3.cosign(cp, now - 60)));
        ok(info());
        assertThat(stored()).isEqualTo(registry.checkpointTamper.apply(registry.log.latestNote()));
        ok("fetch", "example:hello@0.1.0", "-o", "out.wasm", "--log-policy", policy.toString());
    }

    @Test
    void withoutAPolicyNothingChanges() {
        // Days-old cosignatures from witnesses the CLI does not know: no policy, no requirement.
        serveCosigned(cp -> List.of(w1.cosign(cp, now() - 72 * HOUR)));
        CliHarness.Result result = ok("info", "example:hello");
        assertThat(result.stderr()).doesNotContain("warning");
        ok("fetch", "example:hello@0.1.0", "-o", "out.wasm");
    }

    @Test
    void attack10AQuorumShortByOneIsRefused() {
        serveCosigned(cp -> List.of(w1.cosign(cp, now())));
        refused("does not meet quorum G", info());
        refused("[quorum-not-met]", "fetch", "example:hello@0.1.0", "--log-policy", policy.toString());
        // No cosignature at all.
        serveCosigned(cp -> List.of());
        refused("cosigned by no witness of the policy", info());
    }

    @Test
    void attack10CosignaturesFromUnknownWitnessesDoNotCount() {
        Ed25519Cosigner stranger = Ed25519Cosigner.generate("w4.example");
        // Another key under a policy witness's name, and a witness the policy does not list.
        Ed25519Cosigner impostor = Ed25519Cosigner.generate("w2.example");
        serveCosigned(cp -> List.of(w1.cosign(cp, now()), stranger.cosign(cp, now()), impostor.cosign(cp, now())));
        refused("[quorum-not-met]", info());
    }

    @Test
    void attack11AFrozenLogIsStaleAndAllowStaleOnlyWarnsOutsideFetch() {
        long threeDaysAgo = now() - 72 * HOUR;
        serveCosigned(cp -> List.of(w1.cosign(cp, threeDaysAgo), w2.cosign(cp, threeDaysAgo + 60)));
        refused("[stale-log]", info());
        CliHarness.Result warned = ok(info("--allow-stale"));
        assertThat(warned.stderr()).contains("wreg: warning:").contains("stale-log");
        refused(
                "never applies to installs",
                "fetch",
                "example:hello@0.1.0",
                "--allow-stale",
                "--log-policy",
                policy.toString());
        // One witness vouched for the log an hour ago: fresh again.
        serveCosigned(cp -> List.of(w1.cosign(cp, threeDaysAgo), w2.cosign(cp, now() - HOUR)));
        assertThat(ok(info()).stderr()).doesNotContain("warning");
    }

    @Test
    void attack11ACosignatureFromTheFutureIsRefused() {
        serveCosigned(cp -> List.of(w1.cosign(cp, now()), w2.cosign(cp, now() + HOUR)));
        refused("in the future", info());
    }

    @Test
    void attack12ACosignatureOverOtherExtensionLinesIsIgnoredAndTheQuorumRecounted() {
        Function<Checkpoint, Checkpoint> withExtension =
                cp -> new Checkpoint(cp.origin(), cp.size(), cp.rootHash(), List.of("other extension"));
        serveCosigned(cp -> List.of(w1.cosign(cp, now()), w2.cosign(withExtension.apply(cp), now())));
        CliHarness.Result result = refused("[quorum-not-met]", info());
        assertThat(result.errorLine()).contains("ignored invalid cosignature(s) from W2");
        // With a third valid cosignature the quorum is met without W2's.
        serveCosigned(
                cp -> List.of(w1.cosign(cp, now()), w2.cosign(withExtension.apply(cp), now()), w3.cosign(cp, now())));
        assertThat(ok(info()).stderr()).contains("ignored invalid cosignature(s) from W2");
    }

    @Test
    void attack12ATamperedTimestampInvalidatesThatCosignature() {
        Function<Checkpoint, NoteSignature> retimed = cp -> {
            NoteSignature genuine = w2.cosign(cp, now() - 72 * HOUR);
            byte[] signature = genuine.signature();
            ByteBuffer.wrap(signature).putLong(now()); // made to look fresh
            return new NoteSignature(genuine.keyName(), genuine.keyId(), signature);
        };
        serveCosigned(cp -> List.of(w1.cosign(cp, now()), retimed.apply(cp)));
        refused("[quorum-not-met]", info());
        // Its fresh-looking time does not count toward freshness either.
        serveCosigned(
                cp -> List.of(w1.cosign(cp, now() - 72 * HOUR), w3.cosign(cp, now() - 72 * HOUR), retimed.apply(cp)));
        refused("[stale-log]", info());
    }

    @Test
    void aPinnedPolicyAppliesToLaterCommandsUntilCleared() throws IOException {
        serveCosigned(cp -> List.of(w1.cosign(cp, now())));
        assertThat(ok("log", "policy", "set", policy.toString()).stdout()).contains("pinned the log policy");
        assertThat(ok("log", "policy", "show").stdout()).contains("quorum G");
        refused("[quorum-not-met]", "info", "example:hello");
        ok("log", "policy", "clear");
        ok("info", "example:hello");

        CliHarness viaEnv = alice.with("WREG_LOG_POLICY", policy.toString());
        CliHarness.Result result = viaEnv.run("log", "checkpoint");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INTEGRITY);

        Path bad = home.resolve("bad-policy.txt");
        Files.writeString(bad, "quorum nobody\n");
        CliHarness.Result malformed = alice.run("info", "example:hello", "--log-policy", bad.toString());
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(malformed.errorLine()).contains("not a tlog-policy");
    }

    @Test
    void aPolicyForAnotherLogIsRefused() throws IOException {
        serveCosigned(cp -> List.of(w1.cosign(cp, now()), w2.cosign(cp, now())));
        Path other = home.resolve("other-policy.txt");
        Files.writeString(
                other,
                "log "
                        + dev.wreg.protocol.log.Ed25519NoteSigner.generate("elsewhere.example/log")
                                .verifierKey()
                                .text() + "\nwitness W1 " + w1.verifierKey().text() + "\nquorum W1\n");
        refused("does not list the pinned log key", "info", "example:hello", "--log-policy", other.toString());
    }
}
