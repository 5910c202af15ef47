package dev.wreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.dsse.Envelope;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.Note;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.record.Permission;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attacks of tlog-anchors.md §5 that {@link TransparencyLogVerificationTest} does not already
 * cover (8, 9, 13, 14, 15), and the exact-bytes rule: the CLI proves the inclusion of the bytes
 * the log holds, never of a re-serialisation. The registry is the in-test fake whose answers each
 * test rewrites like a tampering proxy would.
 */
class LogAttackTest {

    private static final String TOKEN = "wreg_testtoken0123456789";
    private static final Pattern QUERY = Pattern.compile("(?:index|old)=(\\d+)&size=(\\d+)");

    @TempDir
    Path home;

    private FakeRegistry registry;
    private CliHarness alice;
    private Path hello;

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeRegistry();
        alice = new CliHarness(home.resolve("alice")).with("WREG_REGISTRY", registry.url());
        ok(alice, "key", "new");
        CliHarness.Result login = alice.runWithInput(TOKEN, "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        hello = SharedData.fixtureWasm("hello");
        ok(alice, "namespace", "claim", "example");
        ok(alice, "publish", hello.toString(), "--package", "example:hello", "--version", "0.1.0");
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private static CliHarness.Result ok(CliHarness cli, String... args) {
        CliHarness.Result result = cli.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isZero();
        return result;
    }

    private static CliHarness.Result refused(CliHarness cli, String messagePart, String... args) {
        CliHarness.Result result = cli.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isEqualTo(ExitCode.INTEGRITY);
        assertThat(result.stderr()).contains(messagePart);
        return result;
    }

    private CliHarness newClient(String name) {
        return new CliHarness(home.resolve(name)).with("WREG_REGISTRY", registry.url());
    }

    private byte[] storedCheckpoint(CliHarness cli) {
        try (Stream<Path> files = Files.walk(cli.home())) {
            return Files.readAllBytes(
                    files.filter(p -> p.getFileName().toString().equals("checkpoint"))
                            .findFirst()
                            .orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void appendFillers(int count) {
        for (int i = 0; i < count; i++) {
            registry.log.append(("filler " + registry.log.size()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Index and size of a proof request such as {@code proof/inclusion?index=1&size=2}. */
    private static long[] indexAndSize(String request) {
        Matcher m = QUERY.matcher(request);
        assertThat(m.find()).as(request).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static BiFunction<String, byte[], byte[]> inclusionOnly(BiFunction<String, byte[], byte[]> tamper) {
        return (request, data) -> request.startsWith("proof/inclusion") ? tamper.apply(request, data) : data;
    }

    /** A package of a namespace the test owns, so it can write records the CLI never would. */
    private final class OwnPackage {
        final PackageName name = PackageName.parse("acme:tool");
        final PrivateKey owner = PrivateKey.generateEd25519();
        final List<Envelope> records = new CopyOnWriteArrayList<>();
        Digest head;

        OwnPackage() {
            registry.claim("acme", owner.publicKey());
            registry.packageLogs.put(name.toString(), records);
        }

        /** Signs a record with {@code key}, adds it to the package and logs it as {@code asLogged} says. */
        Envelope add(PrivateKey key, UnaryOperator<byte[]> asLogged, Entry... entries) {
            PackageRecord record =
                    new PackageRecord(name, head, Instant.now().truncatedTo(ChronoUnit.SECONDS), List.of(entries));
            SignedRecord signed = SignedRecord.sign(record, key);
            head = signed.id();
            records.add(signed.envelope());
            registry.logged(signed.envelope(), asLogged.apply(signed.envelope().toJson()));
            return signed.envelope();
        }

        Envelope add(PrivateKey key, Entry... entries) {
            return add(key, UnaryOperator.identity(), entries);
        }
    }

    /** Compact JSON made less compact: a space after every comma, still the same envelope. */
    private static byte[] spaced(byte[] json) {
        return new String(json, StandardCharsets.UTF_8).replace(",\"", ", \"").getBytes(StandardCharsets.UTF_8);
    }

    // ---- the exact log-entry bytes ------------------------------------------------------

    @Test
    void recordsLoggedInAnotherSerialisationVerifyFromTheirExactBytes() {
        OwnPackage pkg = new OwnPackage();
        Envelope init = pkg.add(pkg.owner, LogAttackTest::spaced, new Entry.Init(pkg.owner.publicKey()));
        byte[] logged = registry.loggedBytes.get(Digest.sha256(init.payload()).toString());
        // A re-serialisation is not the logged entry: hashing it could never prove inclusion.
        assertThat(logged).isNotEqualTo(init.toJson());
        assertThat(MerkleHasher.leafHash(logged)).isNotEqualTo(MerkleHasher.leafHash(init.toJson()));

        assertThat(ok(alice, "info", "acme:tool").stdout()).contains("acme:tool");
        // Without the entry beside the record, the CLI reads it from the log's entry bundle.
        registry.serveEntries = false;
        CliHarness bob = newClient("bob");
        assertThat(ok(bob, "verify", "acme:tool").stdout())
                .contains("1 record, each signed")
                .contains("none hidden");
    }

    @Test
    void anEntryThatIsNotTheServedEnvelopeIsRefused() {
        OwnPackage pkg = new OwnPackage();
        pkg.add(pkg.owner, new Entry.Init(pkg.owner.publicKey()));
        registry.recordsTamper = (name, node) -> {
            if (name.equals("acme:tool")) {
                ((ObjectNode) node.path("records").get(0))
                        .put(
                                "entry",
                                Base64.getEncoder()
                                        .encodeToString(
                                                registry.operatorLog.getFirst().toJson()));
            }
            return node;
        };
        refused(alice, "differs from its log entry", "info", "acme:tool");

        // Read from the bundle instead, the entry at the claimed index must be the same envelope.
        registry.serveEntries = false;
        registry.recordsTamper = (name, node) -> {
            if (name.equals("acme:tool") && !node.path("records").isEmpty()) {
                ((ObjectNode) node.path("records").get(0)).put("logIndex", 0); // the operator's claim record
            }
            return node;
        };
        refused(alice, "is not the envelope at log index 0", "info", "acme:tool");
    }

    // ---- §5 #2 with a second, valid signature of the same key beside the bad one -------------

    @Test
    void attack2ABadLogSignatureBesideAValidOneRejectsTheWholeNote() {
        byte[] before = storedCheckpoint(alice);
        registry.checkpointTamper = note -> {
            String text = text(note);
            int line = text.lastIndexOf("\u2014 ");
            String valid = text.substring(line);
            int sig = valid.lastIndexOf(' ') + 1;
            char c = valid.charAt(sig + 10);
            String flipped = valid.substring(0, sig + 10) + (c == 'A' ? 'B' : 'A') + valid.substring(sig + 11);
            // The flipped line first, then the valid one: a verifier must not stop at the good one.
            return (text.substring(0, line) + flipped + valid).getBytes(StandardCharsets.UTF_8);
        };
        refused(alice, "does not verify with the pinned key", "info", "example:hello");
        assertThat(storedCheckpoint(alice)).isEqualTo(before);
    }

    // ---- §5 #8: inclusion proofs for another index or another tree size --------------------

    @Test
    void attack8AnInclusionProofForAnotherIndexIsRefused() {
        long size = registry.log.size();
        // The proof of the neighbouring entry, as served.
        registry.proofTamper = inclusionOnly((request, data) -> {
            long[] q = indexAndSize(request);
            long other = q[0] + 1 < q[1] ? q[0] + 1 : q[0] - 1;
            return registry.log.inclusion(other, q[1]).orElseThrow();
        });
        refused(alice, "is not proven to be in the transparency log", "info", "example:hello");
        // The same path relabelled with the right index: the Merkle path itself does not fit.
        registry.proofTamper = inclusionOnly((request, data) -> {
            long[] q = indexAndSize(request);
            long other = q[0] + 1 < q[1] ? q[0] + 1 : q[0] - 1;
            String text = new String(registry.log.inclusion(other, q[1]).orElseThrow(), StandardCharsets.UTF_8);
            return text.replace("\nindex " + other + "\n", "\nindex " + q[0] + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        });
        refused(alice, "is not proven to be in the transparency log", "info", "example:hello");
        assertThat(registry.log.size()).isEqualTo(size);
        registry.proofTamper = (request, data) -> data;
        ok(alice, "info", "example:hello");
    }

    @Test
    void attack8AnInclusionProofUnderAnotherTreeSizeIsRefused() {
        appendFillers(3);
        // A valid proof with a valid signed checkpoint — but of an older tree than the one verified.
        registry.proofTamper = inclusionOnly((request, data) -> {
            long[] q = indexAndSize(request);
            return registry.log.inclusion(q[0], q[0] + 1).orElseThrow();
        });
        refused(alice, "under another checkpoint", "info", "example:hello");
        // The older path relabelled as the verified tree: the path does not lead to its root.
        registry.proofTamper = inclusionOnly((request, data) -> {
            long[] q = indexAndSize(request);
            String old = new String(registry.log.inclusion(q[0], q[0] + 1).orElseThrow(), StandardCharsets.UTF_8);
            String path = old.substring(0, old.indexOf("\n\n") + 2);
            return (path + new String(registry.log.note(q[1]), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
        });
        refused(alice, "is not proven to be in the transparency log", "info", "example:hello");
    }

    // ---- §5 #9: consistency proofs that are truncated, padded, reordered or for other roots --

    @Test
    void attack9ABadConsistencyProofIsAForkAndTheStoredCheckpointStays() {
        appendFillers(1);
        ok(alice, "info", "example:hello"); // stores a checkpoint of size 3
        byte[] before = storedCheckpoint(alice);
        appendFillers(4); // the log grows to 7
        Map<String, UnaryOperator<List<String>>> mutations = Map.of(
                "truncated", lines -> lines.subList(0, lines.size() - 1),
                "padded",
                        lines -> {
                            List<String> more = new ArrayList<>(lines);
                            more.add(lines.getFirst());
                            return more;
                        },
                "reordered",
                        lines -> {
                            List<String> swapped = new ArrayList<>(lines);
                            Collections.swap(swapped, 0, swapped.size() - 1);
                            return swapped;
                        },
                "empty", lines -> List.of(),
                "for another old size",
                        lines -> registry.log.consistency(2, 7).orElseThrow().stream()
                                .map(h -> Base64.getEncoder().encodeToString(h))
                                .toList());
        for (var mutation : mutations.entrySet()) {
            registry.proofTamper = (request, data) -> {
                if (!request.startsWith("proof/consistency")) {
                    return data;
                }
                List<String> lines =
                        new String(data, StandardCharsets.UTF_8).lines().toList();
                assertThat(lines).as(request).hasSizeGreaterThan(1);
                return (String.join("\n", mutation.getValue().apply(lines)) + "\n").getBytes(StandardCharsets.UTF_8);
            };
            CliHarness.Result result = refused(alice, "log-fork", "info", "example:hello");
            assertThat(result.stderr()).as(mutation.getKey()).contains("not append-only");
            assertThat(storedCheckpoint(alice)).as(mutation.getKey()).isEqualTo(before);
        }
        // The true proof is accepted and the stored checkpoint advances.
        registry.proofTamper = (request, data) -> data;
        ok(alice, "info", "example:hello");
        assertThat(storedCheckpoint(alice)).isEqualTo(registry.log.latestNote());
    }

    // ---- §5 #13: strict note parsing of the served checkpoint --------------------------------

    @Test
    void attack13SloppyCheckpointNotesAreRefused() {
        byte[] before = storedCheckpoint(alice);
        Checkpoint latest = Checkpoint.open(registry.log.latestNote(), registry.log.signer.verifierKey())
                .checkpoint();
        String root = Base64.getEncoder().encodeToString(latest.rootHash());
        String origin = latest.origin();
        Map<String, UnaryOperator<byte[]>> sloppy = Map.of(
                "CRLF line endings",
                note -> text(note).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8),
                "no final newline",
                note -> text(note).substring(0, text(note).length() - 1).getBytes(StandardCharsets.UTF_8),
                "size with a leading zero, signed by the log's own key",
                note -> Note.sign(origin + "\n0" + latest.size() + "\n" + root + "\n", List.of(registry.log.signer))
                        .toBytes(),
                "ASCII hyphen instead of the em dash",
                note -> text(note).replace("\u2014 ", "- ").getBytes(StandardCharsets.UTF_8),
                "more signature lines than any verifier accepts",
                note -> {
                    StringBuilder many = new StringBuilder(text(note));
                    for (int i = 0; i < 200; i++) {
                        many.append("\u2014 witness")
                                .append(i)
                                .append(".example ")
                                .append(Base64.getEncoder().encodeToString(new byte[68]))
                                .append('\n');
                    }
                    return many.toString().getBytes(StandardCharsets.UTF_8);
                },
                "a control character in the text",
                note -> text(note).replaceFirst("\n", "\t\n").getBytes(StandardCharsets.UTF_8));
        for (var entry : sloppy.entrySet()) {
            registry.checkpointTamper = entry.getValue();
            CliHarness.Result result = refused(alice, "does not verify with the pinned key", "info", "example:hello");
            assertThat(result.exitCode()).as(entry.getKey()).isEqualTo(ExitCode.INTEGRITY);
            assertThat(storedCheckpoint(alice)).as(entry.getKey()).isEqualTo(before);
        }
        registry.checkpointTamper = UnaryOperator.identity();
        ok(alice, "info", "example:hello");
    }

    private static String text(byte[] note) {
        return new String(note, StandardCharsets.UTF_8);
    }

    // ---- §5 #14: a registry that hides part of a package's history ---------------------------

    @Test
    void attack14AHiddenReleaseIsAPackageRollbackAndIsNotInstalled() {
        ok(
                alice,
                "publish",
                hello.resolveSibling("exit-code.wasm").toString(),
                "--package",
                "example:hello",
                "--version",
                "0.2.0");
        ok(alice, "info", "example:hello");
        // Serve the history without its newest record: release 0.1.0 is "latest" again.
        registry.recordsTamper = (name, node) -> {
            if (name.equals("example:hello")) {
                ArrayNode records = (ArrayNode) node.path("records");
                if (!records.isEmpty()) {
                    records.remove(records.size() - 1);
                }
            }
            return node;
        };
        refused(alice, "package-rollback", "info", "example:hello");
        refused(alice, "package-rollback", "fetch", "example:hello", "-o", "out.wasm");
        assertThat(alice.home().resolve("out.wasm")).doesNotExist();

        // A client that never saw the longer history finds the hidden record in the log itself.
        CliHarness bob = newClient("bob");
        refused(bob, "leaves out", "verify", "example:hello");
        registry.recordsTamper = (name, node) -> node;
        assertThat(ok(bob, "verify", "example:hello").stdout())
                .contains("2 records")
                .contains("none hidden");
    }

    @Test
    void attack14AHistoryRewrittenAtAKnownPositionIsRefused() {
        ok(alice, "info", "example:hello");
        // Same length, another record at the position the client verified before.
        OwnPackage pkg = new OwnPackage();
        Envelope foreign = pkg.add(pkg.owner, new Entry.Init(pkg.owner.publicKey()));
        registry.recordsTamper = (name, node) -> {
            if (name.equals("example:hello") && !node.path("records").isEmpty()) {
                ArrayNode records = (ArrayNode) node.path("records");
                ObjectNode first = (ObjectNode) records.get(0);
                first.set("envelope", foreign.toJsonNode());
                first.remove("entry");
                first.put("recordId", Digest.sha256(foreign.payload()).toString());
            }
            return node;
        };
        CliHarness.Result result = alice.run("info", "example:hello");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INTEGRITY);
    }

    // ---- §5 #15: a revoked publisher key ------------------------------------------------------

    @Test
    void attack15AReleaseByARevokedKeyIsRefusedButItsEarlierReleasesVerify() throws IOException {
        OwnPackage pkg = new OwnPackage();
        PrivateKey publisher = PrivateKey.generateEd25519();
        byte[] wasm = Files.readAllBytes(hello);
        Digest digest = Digest.sha256(wasm);
        registry.blobs.put(digest.toString(), wasm);
        pkg.add(pkg.owner, new Entry.Init(pkg.owner.publicKey()));
        pkg.add(pkg.owner, new Entry.Grant(publisher.publicKey(), Set.of(Permission.RELEASE)));
        pkg.add(publisher, new Entry.Release(Version.parse("0.2.0"), digest, wasm.length));
        pkg.add(pkg.owner, new Entry.Revoke(publisher.keyId(), Set.of(Permission.RELEASE)));
        ok(alice, "fetch", "acme:tool@0.2.0", "-o", "before.wasm");
        assertThat(alice.home().resolve("before.wasm")).hasBinaryContent(wasm);

        // The revoked key signs a new release, and the registry serves and logs it.
        pkg.add(publisher, new Entry.Release(Version.parse("0.3.0"), digest, wasm.length));
        CliHarness bob = newClient("bob");
        refused(bob, "does not verify", "info", "acme:tool");
        refused(bob, "does not verify", "fetch", "acme:tool@0.2.0", "-o", "after.wasm");
        assertThat(bob.home().resolve("after.wasm")).doesNotExist();
    }
}
