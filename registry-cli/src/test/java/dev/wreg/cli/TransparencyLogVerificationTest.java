package dev.wreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.Ed25519NoteSigner;
import dev.wreg.protocol.log.Note;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's transparency-log checks against a registry that lies about its log: the attacks of
 * tlog-anchors.md §5 that concern one client (1-5, and a record missing from the log).
 */
class TransparencyLogVerificationTest {

    private static final String TOKEN = "wreg_testtoken0123456789";

    @TempDir
    Path home;

    private FakeRegistry registry;
    private CliHarness alice;
    private Path hello;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry();
        alice = new CliHarness(home.resolve("alice")).with("WREG_REGISTRY", registry.url());
        ok("key", "new");
        CliHarness.Result login = alice.runWithInput(TOKEN, "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        hello = SharedData.fixtureWasm("hello");
        ok("namespace", "claim", "example");
        CliHarness.Result published =
                ok("publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0");
        assertThat(published.stderr()).contains("trusting the registry's log key");
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

    private void assertIntegrityFailure(String messagePart) {
        CliHarness.Result result = alice.run("info", "example:hello");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INTEGRITY);
        assertThat(result.stderr()).contains(messagePart);
    }

    private Path storedCheckpoint() {
        try (Stream<Path> files = Files.walk(alice.home())) {
            return files.filter(p -> p.getFileName().toString().equals("checkpoint"))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] stored() {
        try {
            return Files.readAllBytes(storedCheckpoint());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theVerifiedCheckpointIsStoredAndAdvancesWithTheLog() {
        byte[] first = stored();
        assertThat(first).isEqualTo(registry.log.latestNote());
        ok(
                "publish",
                hello.resolveSibling("exit-code.wasm").toString(),
                "--package",
                "example:hello",
                "--version",
                "0.2.0");
        assertThat(stored()).isEqualTo(registry.log.latestNote()).isNotEqualTo(first);
        ok("fetch", "example:hello@0.1.0", "-o", "out.wasm");
    }

    @Test
    void logCommandsPrintVerifiedCheckpointAndProof() {
        CliHarness.Result checkpoint = ok("log", "checkpoint");
        assertThat(checkpoint.stdout().strip())
                .isEqualTo(new String(registry.log.latestNote(), StandardCharsets.UTF_8).strip());
        CliHarness.Result proof = ok("log", "proof", "1");
        assertThat(proof.stdout()).startsWith("c2sp.org/tlog-proof@v1\nindex 1\n");
        assertThat(alice.run("log", "proof", "999").exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void verifyReDerivesTheWholeLogAndChecksAPackage() {
        for (int i = 0; i < 300; i++) {
            registry.log.append(("filler " + i).getBytes(StandardCharsets.UTF_8)); // past one full tile
        }
        assertThat(ok("verify").stdout())
                .contains(registry.log.size() + " entries")
                .contains("verified");
        assertThat(ok("verify", "example:hello").stdout()).contains("1 record, each signed");
    }

    @Test
    void attack6And7ATamperedTileOrBundleFailsVerify() {
        registry.log.append("x".getBytes(StandardCharsets.UTF_8));
        registry.tileTamper = (path, data) -> {
            if (path.equals("tile/0/000.p/" + registry.log.size())) {
                data = data.clone();
                data[5] ^= 1;
            }
            return data;
        };
        CliHarness.Result tile = alice.run("verify");
        assertThat(tile.exitCode()).as(tile.toString()).isEqualTo(ExitCode.INTEGRITY);
        assertThat(tile.stderr()).contains("differs");
        registry.tileTamper = (path, data) -> {
            if (path.startsWith("tile/entries/")) {
                data = data.clone();
                data[data.length - 1] ^= 1; // last entry's last byte, length prefix kept
            }
            return data;
        };
        CliHarness.Result bundle = alice.run("verify");
        assertThat(bundle.exitCode()).as(bundle.toString()).isEqualTo(ExitCode.INTEGRITY);
        assertThat(bundle.stderr()).contains("root");
    }

    @Test
    void attack1CheckpointSignedByAnUnknownKeyIsRejected() {
        byte[] before = stored();
        Ed25519NoteSigner impostor = Ed25519NoteSigner.generate(registry.log.signer.keyName());
        registry.checkpointTamper =
                note -> Checkpoint.parse(Note.parse(note).text()).sign(impostor).toBytes();
        assertIntegrityFailure("does not verify with the pinned key");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void attack2AFlippedBitInTheLogSignatureRejectsTheWholeNote() {
        byte[] before = stored();
        registry.checkpointTamper = note -> {
            String text = new String(note, StandardCharsets.UTF_8);
            int sig = text.lastIndexOf(' ') + 1;
            char c = text.charAt(sig + 10);
            String flipped = text.substring(0, sig + 10) + (c == 'A' ? 'B' : 'A') + text.substring(sig + 11);
            return flipped.getBytes(StandardCharsets.UTF_8);
        };
        assertIntegrityFailure("does not verify with the pinned key");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void attack3AnOlderCheckpointIsARollback() {
        byte[] before = stored();
        long size = registry.log.size();
        registry.checkpointTamper = note -> registry.log.note(size - 1);
        assertIntegrityFailure("log-rollback");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void attack4SameSizeOtherRootIsAForkWithEvidence() throws IOException {
        byte[] before = stored();
        FakeLog other = new FakeLog(registry.log.signer);
        for (long i = 0; i < registry.log.size(); i++) {
            other.append(("forged " + i).getBytes(StandardCharsets.UTF_8));
        }
        registry.checkpointTamper = note -> other.latestNote();
        assertIntegrityFailure("log-fork");
        assertThat(stored()).isEqualTo(before);
        Path evidence;
        try (Stream<Path> files = Files.list(storedCheckpoint().getParent())) {
            evidence = files.filter(p -> p.getFileName().toString().startsWith("evidence-"))
                    .findFirst()
                    .orElseThrow();
        }
        String text = Files.readString(evidence);
        assertThat(text)
                .contains(new String(before, StandardCharsets.UTF_8))
                .contains(new String(other.latestNote(), StandardCharsets.UTF_8));
    }

    @Test
    void attack5ALargerCheckpointThatRewritesHistoryIsAFork() {
        byte[] before = stored();
        FakeLog other = new FakeLog(registry.log.signer);
        for (long i = 0; i < registry.log.size() + 3; i++) {
            other.append(("rewritten " + i).getBytes(StandardCharsets.UTF_8));
        }
        registry.checkpointTamper = note -> other.latestNote();
        assertIntegrityFailure("log-fork");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aRecordTheLogDoesNotHoldIsRefused() {
        registry.logIndices.clear();
        assertIntegrityFailure("is not in the transparency log");
    }

    @Test
    void anExplicitlyPinnedLogKeyOfAnotherLogIsRefused() {
        String stranger = Ed25519NoteSigner.generate(registry.log.signer.keyName())
                .verifierKey()
                .text();
        CliHarness.Result result = alice.run("info", "example:hello", "--log-key", stranger);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INTEGRITY);
        List<String> lines = result.stderr().strip().lines().toList();
        assertThat(lines.getLast()).contains("pinned key");
    }
}
