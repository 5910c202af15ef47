package dev.wreg.server.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.log.AddCheckpointRequest;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.CheckpointTransition;
import dev.wreg.protocol.log.Ed25519Cosigner;
import dev.wreg.protocol.log.Ed25519NoteSigner;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TlogPolicy;
import dev.wreg.protocol.log.TlogProof;
import dev.wreg.protocol.log.VerifiedCheckpoint;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageRecord;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.RegistryServerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two wreg registries, A and B, each with its own embedded PostgreSQL and data directory, witness
 * each other: A's tlog-policy names B's witness (quorum required), B's names A's (quorum not
 * required). Everything a client checks is checked with registry-protocol code and the keys the
 * servers publish, as {@code wreg log checkpoint} would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistriesWitnessEachOtherTest {

    private static final String TOKEN = "wreg_WitnessTestBootstrapToken0123456789abcd";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A third log, known only to the test, that B also witnesses (for raw witness requests). */
    private static final Ed25519NoteSigner TEST_LOG = Ed25519NoteSigner.generate("test.example/log");

    private static Registry a;
    private static Registry b;

    /** One registry process: its settings, keys and (while running) its Spring context. */
    static final class Registry {
        final String name;
        final int port;
        final Path dataDir;
        final PrivateKey operatorKey = PrivateKey.generateEd25519();
        final PrivateKey witnessKey = PrivateKey.generateEd25519();
        final String origin;
        final List<String> args = new ArrayList<>();
        ConfigurableApplicationContext context;

        Registry(String name) throws IOException {
            this.name = name;
            this.port = freePort();
            this.dataDir = Files.createTempDirectory("wreg-witness-" + name + "-");
            this.origin = "registry-" + name + ".test/log";
        }

        VerifierKey logKey() {
            return Ed25519NoteSigner.fromSeed(origin, seed(operatorKey)).verifierKey();
        }

        Ed25519NoteSigner logSigner() {
            return Ed25519NoteSigner.fromSeed(origin, seed(operatorKey));
        }

        VerifierKey witnessVkey() {
            return Ed25519Cosigner.fromSeed(witnessName(), seed(witnessKey)).verifierKey();
        }

        String witnessName() {
            return "registry-" + name + ".test/witness";
        }

        String url(String path) {
            return "http://localhost:" + port + path;
        }

        void configure(Registry witness, boolean requireQuorum, String refreshAfter, List<VerifierKey> witnessedLogs) {
            String policy = "log " + logKey().text() + "\n"
                    + "witness " + witness.name + " " + witness.witnessVkey().text() + " " + witness.url("/witness")
                    + "\n"
                    + "quorum " + witness.name + "\n";
            args.addAll(List.of(
                    "--server.port=" + port,
                    "--wreg.data-dir=" + dataDir,
                    "--wreg.bootstrap-token=" + TOKEN,
                    "--wreg.operator-key=" + operatorKey.text(),
                    "--wreg.log.origin=" + origin,
                    "--wreg.log.witness.policy=" + policy,
                    "--wreg.log.witness.require-quorum=" + requireQuorum,
                    "--wreg.log.witness.quorum-wait=3s",
                    "--wreg.log.witness.request-timeout=3s",
                    "--wreg.log.witness.retry-interval=1s",
                    "--wreg.log.witness.refresh-after=" + refreshAfter,
                    "--wreg.witness.name=" + witnessName(),
                    "--wreg.witness.key=" + witnessKey.text(),
                    "--logging.level.io.zonky=WARN"));
            for (int i = 0; i < witnessedLogs.size(); i++) {
                args.add("--wreg.witness.logs[" + i + "].vkey="
                        + witnessedLogs.get(i).text());
            }
        }

        void start() {
            context = new SpringApplicationBuilder(RegistryServerApplication.class).run(args.toArray(String[]::new));
        }

        void stop() {
            if (context != null) {
                context.close();
                context = null;
            }
        }

        JdbcTemplate jdbc() {
            return context.getBean(JdbcTemplate.class);
        }
    }

    @BeforeAll
    static void startBoth() throws Exception {
        a = new Registry("a");
        b = new Registry("b");
        a.configure(b, true, "1h", List.of(b.logKey()));
        b.configure(a, false, "1s", List.of(a.logKey(), TEST_LOG.verifierKey()));
        Thread startB = Thread.ofPlatform().start(b::start);
        a.start();
        startB.join();
        assertThat(b.context).as("registry B started").isNotNull();
    }

    @AfterAll
    static void stopBoth() {
        for (Registry registry : new Registry[] {a, b}) {
            if (registry != null) {
                registry.stop();
                deleteQuietly(registry.dataDir);
            }
        }
    }

    // ---- what a client does, with protocol code only -------------------------------------

    /** The policy a client of {@code log} pins: its log key and its witness's key, fetched once. */
    private static TlogPolicy clientPolicy(Registry log, Registry witness) {
        VerifierKey logKey = VerifierKey.parse(text(get(log.url("/log/vkey"))).strip());
        VerifierKey witnessKey =
                VerifierKey.parse(text(get(witness.url("/witness/vkey"))).strip());
        assertThat(logKey).isEqualTo(log.logKey());
        assertThat(witnessKey).isEqualTo(witness.witnessVkey());
        return TlogPolicy.parse("log " + logKey.text() + "\nwitness " + witness.name + " " + witnessKey.text()
                + "\nquorum " + witness.name + "\n");
    }

    /** Fetches and verifies {@code /log/checkpoint} under the policy (log signature and quorum). */
    private static VerifiedCheckpoint verifiedCheckpoint(Registry log, TlogPolicy policy) {
        HttpResponse<byte[]> response = get(log.url("/log/checkpoint"));
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        return policy.verify(response.body());
    }

    /** An init record ready to submit. */
    record Prepared(PackageName pkg, byte[] envelope) {}

    /** Claims {@code ns} on the registry and signs (not yet submits) an init record of ns:name. */
    private static Prepared claimAndSign(Registry registry, String ns, String name) {
        PrivateKey owner = PrivateKey.generateEd25519();
        HttpResponse<byte[]> claimed = post(
                registry.url("/v1/namespaces"),
                JSON.writeValueAsBytes(Map.of(
                        "namespace",
                        ns,
                        "owners",
                        List.of(owner.publicKey().text()),
                        "signatures",
                        List.of(new dev.wreg.protocol.record.NamespaceClaim(ns, List.of(owner.publicKey()))
                                .sign(owner)))));
        assertThat(claimed.statusCode()).as(text(claimed)).isEqualTo(201);
        PackageName pkg = new PackageName(ns, name);
        SignedRecord init = SignedRecord.sign(
                new PackageRecord(
                        pkg,
                        null,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        List.of(new Entry.Init(owner.publicKey()))),
                owner);
        lastEnvelope = init.envelope().toJson();
        lastPackage = pkg;
        return new Prepared(pkg, lastEnvelope);
    }

    private static byte[] lastEnvelope;
    private static PackageName lastPackage;

    private static HttpResponse<byte[]> submitLast(Registry registry) {
        return post(registry.url("/v1/packages/" + lastPackage + "/records"), lastEnvelope);
    }

    // ---- the tests ----------------------------------------------------------------------------

    @Test
    @Order(1)
    void aPublishOnEitherRegistryIsCosignedByTheOther() {
        TlogPolicy pinnedA = clientPolicy(a, b);
        TlogPolicy pinnedB = clientPolicy(b, a);

        claimAndSign(a, "wita", "one");
        HttpResponse<byte[]> onA = submitLast(a);
        assertThat(onA.statusCode()).as(text(onA)).isEqualTo(201);
        JsonNode answer = JSON.readTree(onA.body());
        // The publish answer's proof carries B's cosignature and meets the quorum a client pins.
        TlogProof proof =
                TlogProof.parse(answer.path("inclusionProof").asString().getBytes(StandardCharsets.UTF_8));
        VerifiedCheckpoint proven = proof.verify(MerkleHasher.leafHash(lastEnvelope), pinnedA);
        assertThat(proven.cosignatures()).hasSize(1);
        assertThat(proven.cosignatures().getFirst().keyName()).isEqualTo(b.witnessName());
        long cosignedAt = proven.newestCosignatureTime().orElseThrow();
        assertThat(cosignedAt)
                .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 5);
        // So does A's /log/checkpoint, and without the witness's key it would not meet the quorum.
        VerifiedCheckpoint servedA = verifiedCheckpoint(a, pinnedA);
        assertThat(servedA.checkpoint().size()).isGreaterThan(proof.index());
        byte[] bare = Checkpoint.open(
                        get(a.url("/log/checkpoint")).body(),
                        pinnedA.logs().getFirst().key())
                .noteBytes();
        TlogPolicy wrongWitness = TlogPolicy.parse("log " + a.logKey().text() + "\nwitness x "
                + Ed25519Cosigner.generate(b.witnessName()).verifierKey().text() + "\nquorum x\n");
        assertThatThrownBy(() -> wrongWitness.verify(bare))
                .isInstanceOfSatisfying(
                        LogException.class,
                        e -> assertThat(e.code()).isIn(LogException.QUORUM_NOT_MET, LogException.BAD_SIGNATURE));

        claimAndSign(b, "witb", "two");
        HttpResponse<byte[]> onB = submitLast(b);
        assertThat(onB.statusCode()).as(text(onB)).isEqualTo(201);
        TlogProof proofB = TlogProof.parse(
                JSON.readTree(onB.body()).path("inclusionProof").asString().getBytes(StandardCharsets.UTF_8));
        assertThat(proofB.verify(MerkleHasher.leafHash(lastEnvelope), pinnedB).cosignatures())
                .extracting(s -> s.keyName())
                .containsExactly(a.witnessName());
        verifiedCheckpoint(b, pinnedB);

        // Each witness's persisted state is what the other log served.
        assertThat(b.jdbc()
                        .queryForObject(
                                "SELECT tree_size FROM witness_checkpoints WHERE origin = ?", Long.class, a.origin))
                .isEqualTo(servedA.checkpoint().size());
    }

    @Test
    @Order(2)
    void concurrentPublishesOnTheRegistryThatRequiresTheQuorumAllGetCosignedProofs() throws Exception {
        TlogPolicy pinned = clientPolicy(a, b);
        List<Prepared> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            records.add(claimAndSign(a, "witp" + (char) ('a' + i), "p"));
        }
        List<Callable<HttpResponse<byte[]>>> publishes = records.stream()
                .map(r -> (Callable<HttpResponse<byte[]>>)
                        () -> post(a.url("/v1/packages/" + r.pkg() + "/records"), r.envelope()))
                .toList();
        List<HttpResponse<byte[]>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<HttpResponse<byte[]>> f : pool.invokeAll(publishes)) {
                answers.add(f.get());
            }
        }
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<byte[]> answer = answers.get(i);
            assertThat(answer.statusCode()).as(text(answer)).isEqualTo(201);
            TlogProof proof = TlogProof.parse(JSON.readTree(answer.body())
                    .path("inclusionProof")
                    .asString()
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(proof.verify(MerkleHasher.leafHash(records.get(i).envelope()), pinned)
                            .cosignatures())
                    .hasSize(1);
        }
    }

    @Test
    @Order(3)
    void aLogCheckpointIsVerifiedFromTheOutsideAcrossTwoPublishes() {
        TlogPolicy pinned = clientPolicy(a, b);
        Checkpoint before = verifiedCheckpoint(a, pinned).checkpoint();
        claimAndSign(a, "witc", "three");
        assertThat(submitLast(a).statusCode()).isEqualTo(201);
        Checkpoint after = verifiedCheckpoint(a, pinned).checkpoint();
        assertThat(after.size()).isGreaterThan(before.size());
        String lines = text(get(a.url("/log/proof/consistency?old=" + before.size() + "&size=" + after.size())));
        List<byte[]> proof =
                lines.lines().map(l -> Base64.getDecoder().decode(l)).toList();
        assertThat(CheckpointTransition.verify(before, after, proof)).isEqualTo(CheckpointTransition.Kind.EXTENDED);
    }

    @Test
    @Order(5)
    void aWitnessRefusesARollbackAndAFork() {
        TlogPolicy pinned = clientPolicy(a, b);
        Checkpoint current = verifiedCheckpoint(a, pinned).checkpoint();
        long witnessed = current.size();
        Ed25519NoteSigner signerA = a.logSigner(); // what a compromised operator key could sign

        // Fork: another root for the size B cosigned.
        Checkpoint fork = new Checkpoint(a.origin, witnessed, MerkleHasher.leafHash(new byte[] {1}));
        HttpResponse<byte[]> forked =
                addCheckpoint(b, witnessed, List.of(), fork.sign(signerA).toBytes());
        assertThat(forked.statusCode()).isEqualTo(409);
        assertThat(forked.headers().firstValue("Content-Type").orElse("")).startsWith("text/x.tlog.size");
        assertThat(text(forked)).isEqualTo(witnessed + "\n");

        // Rollback: an older, genuinely signed checkpoint of A.
        Map<String, Object> oldest = a.jdbc()
                .queryForMap(
                        "SELECT tree_size, note FROM log_checkpoints WHERE tree_size < ? ORDER BY tree_size LIMIT 1",
                        witnessed);
        byte[] older = (byte[]) oldest.get("note");
        long olderSize = (Long) oldest.get("tree_size");
        assertThat(addCheckpoint(b, olderSize, List.of(), older).statusCode()).isEqualTo(409);
        assertThat(addCheckpoint(b, witnessed, List.of(), older).statusCode()).isEqualTo(400);

        // A larger tree that does not extend the witnessed one.
        Checkpoint rewritten = new Checkpoint(a.origin, witnessed + 3, MerkleHasher.leafHash(new byte[] {2}));
        List<byte[]> bogus = List.of(MerkleHasher.leafHash(new byte[] {3}), MerkleHasher.leafHash(new byte[] {4}));
        assertThat(addCheckpoint(b, witnessed, bogus, rewritten.sign(signerA).toBytes())
                        .statusCode())
                .isEqualTo(422);

        // Signed by anyone else: 403; a log B does not witness: 404.
        Ed25519NoteSigner impostor = Ed25519NoteSigner.generate(a.origin);
        assertThat(addCheckpoint(b, witnessed, List.of(), current.sign(impostor).toBytes())
                        .statusCode())
                .isEqualTo(403);
        Ed25519NoteSigner unknown = Ed25519NoteSigner.generate("unknown.example/log");
        byte[] unknownNote = new Checkpoint("unknown.example/log", 0, MerkleHasher.emptyRoot())
                .sign(unknown)
                .toBytes();
        assertThat(addCheckpoint(b, 0, List.of(), unknownNote).statusCode()).isEqualTo(404);

        // None of it moved B's record of A.
        Map<String, Object> state =
                b.jdbc().queryForMap("SELECT tree_size, root_hash FROM witness_checkpoints WHERE origin = ?", a.origin);
        assertThat(state.get("tree_size")).isEqualTo(witnessed);
        assertThat((byte[]) state.get("root_hash")).isEqualTo(current.rootHash());
    }

    @Test
    @Order(6)
    void concurrentSubmissionsNeverRollTheWitnessStateBack() throws Exception {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            leaves.add(MerkleHasher.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        var reader = (dev.wreg.protocol.log.HashReader) nodes -> nodes.stream()
                .map(n -> MerkleHasher.rootOfLeafHashes(
                        leaves.subList((int) (n.index() << n.level()), (int) ((n.index() + 1) << n.level()))))
                .toList();
        String origin = TEST_LOG.keyName();
        byte[] first = new Checkpoint(origin, 4, MerkleProofs.rootHash(4, reader))
                .sign(TEST_LOG)
                .toBytes();
        assertThat(addCheckpoint(b, 0, List.of(), first).statusCode()).isEqualTo(200);

        List<Callable<int[]>> racing = new ArrayList<>();
        for (int size = 5; size <= 36; size++) {
            int n = size;
            byte[] note = new Checkpoint(origin, n, MerkleProofs.rootHash(n, reader))
                    .sign(TEST_LOG)
                    .toBytes();
            List<byte[]> proof = MerkleProofs.consistencyProof(4, n, reader);
            racing.add(() -> new int[] {n, addCheckpoint(b, 4, proof, note).statusCode()});
        }
        List<int[]> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<int[]> f : pool.invokeAll(racing)) {
                results.add(f.get());
            }
        }
        List<int[]> winners = results.stream().filter(r -> r[1] == 200).toList();
        assertThat(winners).as("exactly one request from size 4 wins").hasSize(1);
        assertThat(results).allSatisfy(r -> assertThat(r[1]).isIn(200, 409));
        long stored = b.jdbc()
                .queryForObject("SELECT tree_size FROM witness_checkpoints WHERE origin = ?", Long.class, origin);
        assertThat(stored).isEqualTo(winners.getFirst()[0]);
    }

    @Test
    @Order(7)
    void withItsWitnessDownARegistryThatRequiresTheQuorumRefusesToPublishUntilItIsBack() {
        TlogPolicy pinned = clientPolicy(a, b);
        Checkpoint published = verifiedCheckpoint(a, pinned).checkpoint();
        long witnessedBySize = b.jdbc()
                .queryForObject("SELECT tree_size FROM witness_checkpoints WHERE origin = ?", Long.class, a.origin);
        b.stop();

        claimAndSign(a, "witd", "four");
        HttpResponse<byte[]> refused = submitLast(a);
        assertThat(refused.statusCode()).as(text(refused)).isEqualTo(503);
        assertThat(text(refused)).contains(LogException.QUORUM_NOT_MET);
        // The log signed a newer checkpoint, but it serves only the last one its witness cosigned.
        Long signed = a.jdbc().queryForObject("SELECT max(tree_size) FROM log_checkpoints", Long.class);
        assertThat(signed).isGreaterThan(published.size());
        assertThat(verifiedCheckpoint(a, pinned).checkpoint()).isEqualTo(published);

        // B comes back with its state intact (PostgreSQL, same data directory) and A's retry succeeds.
        // A's background re-offer may still have landed between the read above and the stop, so
        // the state B kept is at least what it had witnessed then — never lost or rolled back.
        b.start();
        assertThat(b.jdbc()
                        .queryForObject(
                                "SELECT tree_size FROM witness_checkpoints WHERE origin = ?", Long.class, a.origin))
                .isGreaterThanOrEqualTo(witnessedBySize)
                .isLessThanOrEqualTo(signed);
        HttpResponse<byte[]> retried = submitLast(a);
        assertThat(retried.statusCode()).as(text(retried)).isEqualTo(200);
        TlogProof proof = TlogProof.parse(
                JSON.readTree(retried.body()).path("inclusionProof").asString().getBytes(StandardCharsets.UTF_8));
        proof.verify(MerkleHasher.leafHash(lastEnvelope), pinned);
        Checkpoint now = verifiedCheckpoint(a, pinned).checkpoint();
        assertThat(now.size()).isGreaterThanOrEqualTo(signed);
    }

    @Test
    @Order(8)
    void withItsWitnessDownARegistryThatDoesNotRequireTheQuorumPublishesUncosigned() {
        TlogPolicy pinned = clientPolicy(b, a);
        a.stop();

        claimAndSign(b, "wite", "five");
        HttpResponse<byte[]> published = submitLast(b);
        assertThat(published.statusCode()).as(text(published)).isEqualTo(201);
        TlogProof proof = TlogProof.parse(JSON.readTree(published.body())
                .path("inclusionProof")
                .asString()
                .getBytes(StandardCharsets.UTF_8));
        // Signed by the log and included, but a client that pins A as B's witness sees no quorum.
        proof.verify(MerkleHasher.leafHash(lastEnvelope), b.logKey());
        assertThatThrownBy(() -> proof.verify(MerkleHasher.leafHash(lastEnvelope), pinned))
                .isInstanceOfSatisfying(
                        LogException.class, e -> assertThat(e.code()).isEqualTo(LogException.QUORUM_NOT_MET));
        assertThat(Checkpoint.open(get(b.url("/log/checkpoint")).body(), b.logKey())
                        .checkpoint()
                        .size())
                .isGreaterThan(proof.index());
    }

    @Test
    @Order(9)
    void aWitnessThatStopsAnsweringHoldsNoPublishUpAndCosignsAgainOnceItAnswers() throws Exception {
        // A, B's witness, is replaced by a socket that accepts connections and never answers, as a
        // hung witness would (a stopped one refuses connections: see the test before).
        a.stop();
        List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        long index;
        try (ServerSocket hung = new ServerSocket(a.port)) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(hung.accept());
                    }
                } catch (IOException closed) {
                    // the test is done with it
                }
            });
            claimAndSign(b, "withung", "six");
            HttpResponse<byte[]> published = submitLast(b);
            assertThat(published.statusCode()).as(text(published)).isEqualTo(201);
            index = JSON.readTree(published.body()).path("logIndex").asLong();
            assertThat(held).as("B did ask its witness").isNotEmpty();
            // The rest keeps serving: the checkpoint covers the release, only without A's cosignature.
            HttpResponse<byte[]> checkpoint = get(b.url("/log/checkpoint"));
            assertThat(checkpoint.statusCode()).isEqualTo(200);
            assertThat(Checkpoint.open(checkpoint.body(), b.logKey())
                            .checkpoint()
                            .size())
                    .isGreaterThan(index);
        } finally {
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
        // A answers again: B's background re-offer gets the newer checkpoint cosigned, no restart.
        a.start();
        TlogPolicy pinned = clientPolicy(b, a);
        awaitUntil(() -> {
            try {
                return verifiedCheckpoint(b, pinned).checkpoint().size() > index;
            } catch (LogException notYetCosigned) {
                return false;
            }
        });
    }

    @Test
    @Order(4)
    void anIdleLogKeepsGettingFreshCosignatures() {
        TlogPolicy pinned = clientPolicy(b, a);
        VerifiedCheckpoint before = verifiedCheckpoint(b, pinned);
        long firstTime = before.newestCosignatureTime().orElseThrow();
        // B renews cosignatures older than 1 s; nothing is published meanwhile.
        awaitUntil(() -> verifiedCheckpoint(b, pinned).newestCosignatureTime().orElseThrow() > firstTime);
        VerifiedCheckpoint after = verifiedCheckpoint(b, pinned);
        assertThat(after.checkpoint()).isEqualTo(before.checkpoint());
        assertThat(after.cosignatures()).hasSize(1);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ---- HTTP -------------------------------------------------------------------------------

    private static HttpResponse<byte[]> addCheckpoint(Registry witness, long old, List<byte[]> proof, byte[] note) {
        return send(HttpRequest.newBuilder(URI.create(witness.url("/witness/add-checkpoint")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new AddCheckpointRequest(old, proof, note).toBytes())));
    }

    private static HttpResponse<byte[]> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static HttpResponse<byte[]> post(String url, byte[] json) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] seed(PrivateKey key) {
        String text = key.text();
        return Base64.getDecoder().decode(text.substring(text.indexOf(':') + 1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // A leftover temporary directory is harmless.
        }
    }
}
