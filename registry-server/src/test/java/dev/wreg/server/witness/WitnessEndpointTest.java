package dev.wreg.server.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.wreg.protocol.log.AddCheckpointRequest;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.Ed25519Cosigner;
import dev.wreg.protocol.log.Ed25519NoteSigner;
import dev.wreg.protocol.log.MerkleHasher;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.Note;
import dev.wreg.protocol.log.NoteSignature;
import dev.wreg.protocol.log.VerifierKey;
import dev.wreg.server.api.ProblemResponses;
import dev.wreg.server.keys.WitnessKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Every answer of {@code POST /witness/add-checkpoint} (c2sp.org/tlog-witness), through the real
 * controller and problem mapping, with the witness state in memory. The PostgreSQL state and two
 * servers are covered by {@code RegistriesWitnessEachOtherTest}.
 */
class WitnessEndpointTest {

    private static final String ORIGIN = "log.example/test";
    private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

    private final Ed25519NoteSigner logKey = Ed25519NoteSigner.generate(ORIGIN);
    private final Ed25519Cosigner witnessKey = Ed25519Cosigner.generate("witness.example/w1");
    private final List<byte[]> leaves = new ArrayList<>();
    private MemoryStates states;
    private MockMvc mvc;

    /** Witness state in memory with the same compare-and-swap contract as the database. */
    static final class MemoryStates implements WitnessStates {
        final Map<String, WitnessState> byOrigin = new HashMap<>();
        /** Runs just before a compare-and-swap, to simulate a request that wins the race. */
        Consumer<MemoryStates> beforeSwap = s -> {};

        @Override
        public synchronized Optional<WitnessState> find(String origin) {
            return Optional.ofNullable(byOrigin.get(origin));
        }

        @Override
        public synchronized boolean compareAndSet(
                String origin, Optional<WitnessState> expected, WitnessState next, byte[] note) {
            Consumer<MemoryStates> hook = beforeSwap;
            beforeSwap = s -> {};
            hook.accept(this);
            if (!Optional.ofNullable(byOrigin.get(origin)).equals(expected)) {
                return false;
            }
            byOrigin.put(origin, next);
            return true;
        }
    }

    @BeforeEach
    void setUp() {
        for (int i = 0; i < 20; i++) {
            leaves.add(MerkleHasher.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        states = new MemoryStates();
        WitnessProperties properties = new WitnessProperties(
                "witness.example/w1",
                null,
                null,
                List.of(new WitnessProperties.WitnessedLog(logKey.verifierKey().text())));
        Witness witness = new Witness(
                new WitnessKey(Optional.of(witnessKey)), properties, states, Clock.fixed(NOW, ZoneOffset.UTC));
        mvc = MockMvcBuilders.standaloneSetup(new WitnessController(witness))
                .setControllerAdvice(new ProblemResponses())
                .build();
    }

    private byte[] root(long size) {
        return MerkleProofs.rootHash(
                size,
                nodes -> nodes.stream()
                        .map(n -> MerkleHasher.rootOfLeafHashes(
                                leaves.subList((int) (n.index() << n.level()), (int) ((n.index() + 1) << n.level()))))
                        .toList());
    }

    private List<byte[]> proof(long from, long to) {
        if (from == 0 || from == to) {
            return List.of();
        }
        return MerkleProofs.consistencyProof(
                from,
                to,
                nodes -> nodes.stream()
                        .map(n -> MerkleHasher.rootOfLeafHashes(
                                leaves.subList((int) (n.index() << n.level()), (int) ((n.index() + 1) << n.level()))))
                        .toList());
    }

    private Checkpoint checkpoint(long size) {
        return new Checkpoint(ORIGIN, size, root(size));
    }

    private byte[] signed(Checkpoint checkpoint) {
        return checkpoint.sign(logKey).toBytes();
    }

    private MockHttpServletResponse add(byte[] body) throws Exception {
        return mvc.perform(post("/witness/add-checkpoint").content(body))
                .andReturn()
                .getResponse();
    }

    private MockHttpServletResponse add(long old, List<byte[]> proof, byte[] note) throws Exception {
        return add(new AddCheckpointRequest(old, proof, note).toBytes());
    }

    private MockHttpServletResponse extend(long old, long size) throws Exception {
        return add(old, proof(old, size), signed(checkpoint(size)));
    }

    private static void assertConflict(MockHttpServletResponse response, long size) throws Exception {
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentType()).startsWith("text/x.tlog.size");
        assertThat(response.getContentAsString()).isEqualTo(size + "\n");
    }

    private static void assertProblem(MockHttpServletResponse response, int status, String code) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void cosignsANewLogAndThenEveryConsistentExtension() throws Exception {
        MockHttpServletResponse first = extend(0, 5);
        assertThat(first.getStatus()).as(first.getContentAsString()).isEqualTo(200);
        Note note = Note.parse(signed(checkpoint(5)));
        List<NoteSignature> cosignatures = AddCheckpointRequest.verifiedCosignatures(
                note,
                first.getContentAsByteArray(),
                List.of(witnessKey.verifierKey().verifier()));
        assertThat(cosignatures).hasSize(1);
        assertThat(first.getContentAsString(StandardCharsets.UTF_8)).startsWith("\u2014 witness.example/w1 ");

        for (long[] step : new long[][] {{5, 8}, {8, 8}, {8, 16}, {16, 17}}) {
            MockHttpServletResponse next = extend(step[0], step[1]);
            assertThat(next.getStatus()).as("%s -> %s", step[0], step[1]).isEqualTo(200);
        }
        assertThat(states.find(ORIGIN)).contains(new WitnessState(17, root(17)));

        // The cosigned note, assembled as a log would, verifies with nothing but the two vkeys.
        Note cosigned = Note.parse(signed(checkpoint(17)));
        MockHttpServletResponse again = extend(17, 17);
        byte[] assembled = cosigned.withSignatures(AddCheckpointRequest.verifiedCosignatures(
                        cosigned,
                        again.getContentAsByteArray(),
                        List.of(witnessKey.verifierKey().verifier())))
                .toBytes();
        assertThat(Checkpoint.open(
                                assembled,
                                ORIGIN,
                                List.of(logKey.verifierKey().verifier()),
                                List.of(witnessKey.verifierKey().verifier()))
                        .cosignatures())
                .hasSize(1);
    }

    @Test
    void answers409WithItsSizeWhenTheOldSizeIsNotTheLastCosigned() throws Exception {
        assertThat(extend(0, 6).getStatus()).isEqualTo(200);
        assertConflict(extend(0, 10), 6); // a log that does not know the witness learns its size
        assertConflict(extend(4, 10), 6);
        assertThat(extend(6, 10).getStatus()).isEqualTo(200);
        // A rollback: an older checkpoint with the witness's size as old size is old > size.
        assertProblem(add(10, List.of(), signed(checkpoint(6))), 400, "malformed-witness-request");
        assertConflict(extend(6, 6), 10);
        assertThat(states.find(ORIGIN).orElseThrow().size()).isEqualTo(10);
    }

    @Test
    void answers409ForASecondRootAtTheSameSize() throws Exception {
        assertThat(extend(0, 7).getStatus()).isEqualTo(200);
        Checkpoint fork = new Checkpoint(ORIGIN, 7, root(6));
        assertConflict(add(7, List.of(), signed(fork)), 7);
        assertThat(states.find(ORIGIN)).contains(new WitnessState(7, root(7)));
    }

    @Test
    void answers422WhenTheConsistencyProofFails() throws Exception {
        assertThat(extend(0, 7).getStatus()).isEqualTo(200);
        // A larger tree that rewrites history: its root does not extend size 7.
        leaves.set(3, MerkleHasher.leafHash("rewritten".getBytes(StandardCharsets.UTF_8)));
        assertProblem(extend(7, 12), 422, Witness.INCONSISTENT_CHECKPOINT);
        // A truncated proof.
        List<byte[]> proof = new ArrayList<>(proof(7, 12));
        proof.removeLast();
        assertProblem(add(7, proof, signed(checkpoint(12))), 422, Witness.INCONSISTENT_CHECKPOINT);
        assertThat(states.find(ORIGIN).orElseThrow().size()).isEqualTo(7);
    }

    @Test
    void answers422ForAProofFromSizeZeroAndForABadEmptyTree() throws Exception {
        assertProblem(add(0, List.of(root(3)), signed(checkpoint(5))), 422, Witness.INCONSISTENT_CHECKPOINT);
        assertProblem(
                add(0, List.of(), signed(new Checkpoint(ORIGIN, 0, root(1)))), 422, Witness.INCONSISTENT_CHECKPOINT);
        assertThat(add(0, List.of(), signed(new Checkpoint(ORIGIN, 0, MerkleHasher.emptyRoot())))
                        .getStatus())
                .isEqualTo(200);
        assertThat(states.find(ORIGIN)).isPresent();
    }

    @Test
    void answers404ForALogItDoesNotWitness() throws Exception {
        Ed25519NoteSigner other = Ed25519NoteSigner.generate("other.example/log");
        byte[] note =
                new Checkpoint("other.example/log", 1, root(1)).sign(other).toBytes();
        assertProblem(add(0, List.of(), note), 404, Witness.UNKNOWN_LOG);
    }

    @Test
    void answers403WithoutAValidSignatureOfTheLog() throws Exception {
        // Right origin, a key the witness does not trust (a different key under the same name).
        Ed25519NoteSigner impostor = Ed25519NoteSigner.generate(ORIGIN);
        assertProblem(add(0, List.of(), checkpoint(3).sign(impostor).toBytes()), 403, Witness.UNTRUSTED_CHECKPOINT);
        // The trusted key's name and ID with a flipped signature bit.
        Note good = Note.parse(signed(checkpoint(3)));
        NoteSignature sig = good.signatures().getFirst();
        byte[] bytes = sig.signature();
        bytes[10] ^= 1;
        byte[] forged = new Note(good.text(), List.of(new NoteSignature(sig.keyName(), sig.keyId(), bytes))).toBytes();
        assertProblem(add(0, List.of(), forged), 403, Witness.UNTRUSTED_CHECKPOINT);
        assertThat(states.find(ORIGIN)).isEmpty();
    }

    @Test
    void answers400ForAMalformedRequest() throws Exception {
        byte[] note = signed(checkpoint(3));
        assertProblem(add("old 0\n".getBytes(StandardCharsets.US_ASCII)), 400, "malformed-witness-request");
        assertProblem(add(concat("old 00\n\n", note)), 400, "malformed-witness-request");
        assertProblem(add(concat("new 0\n\n", note)), 400, "malformed-witness-request");
        assertProblem(add(concat("old 0\nnot-base64\n\n", note)), 400, "malformed-witness-request");
        assertProblem(
                add(concat("old 0\n\n", "log.example/test\n3\n".getBytes(StandardCharsets.UTF_8))),
                400,
                "malformed-note");
        assertProblem(
                add(0, List.of(), "x\n\n\u2014 a AAAAAAAA\n".getBytes(StandardCharsets.UTF_8)),
                400,
                "malformed-checkpoint");
        assertProblem(add(5, List.of(), note), 400, "malformed-witness-request"); // old > size
        assertThat(states.find(ORIGIN)).isEmpty();
    }

    @Test
    void aRequestThatLosesTheRaceIsJudgedAgainAndNeverRollsTheWitnessBack() throws Exception {
        assertThat(extend(0, 4).getStatus()).isEqualTo(200);
        // While the request 4 -> 8 is being checked, another one moves the witness to 12.
        states.beforeSwap = s -> s.byOrigin.put(ORIGIN, new WitnessState(12, root(12)));
        assertConflict(extend(4, 8), 12);
        assertThat(states.find(ORIGIN)).contains(new WitnessState(12, root(12)));
    }

    @Test
    void servesItsVerifierKey() throws Exception {
        MockHttpServletResponse response =
                mvc.perform(get("/witness/vkey")).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        VerifierKey key = VerifierKey.parse(response.getContentAsString().strip());
        assertThat(key).isEqualTo(witnessKey.verifierKey());
        assertThat(key.type()).isEqualTo(VerifierKey.TYPE_ED25519_COSIGNATURE);
    }

    private static byte[] concat(String head, byte[] tail) {
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(start, start.length + tail.length);
        System.arraycopy(tail, 0, out, start.length, tail.length);
        return out;
    }
}
