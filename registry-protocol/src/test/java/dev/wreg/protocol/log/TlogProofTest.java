package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.testsupport.NeedsSharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tlog-proof@v1 files built over the Tessera test log, written, parsed back and verified. */
@NeedsSharedData("tlog-vectors/tessera-testdata-log")
class TlogProofTest {
    private static Path LOG;

    @BeforeAll
    static void findTheLog() {
        LOG = SharedVectors.path("tessera-testdata-log");
    }

    private static final TileSource DIRECTORY = r -> SharedVectors.bytes(LOG.resolve(r.path()));

    @Test
    void everyEntryOfTheTesseraLogHasAVerifiableProof() {
        VectorTally tally = new VectorTally("tlog-proof over tessera testdata/log");
        VerifierKey key = VerifierKey.parse(SharedVectors.text(LOG.resolve("log.vkey")));
        byte[] checkpoint = SharedVectors.bytes(LOG.resolve("checkpoint"));
        List<byte[]> entries =
                Tiles.decodeBundle(new EntryBundleId(0, 15), SharedVectors.bytes(LOG.resolve("tile/entries/000.p/15")));
        TileHashReader reader = new TileHashReader(15, DIRECTORY);
        TlogPolicy policy = TlogPolicy.parse("log " + key.text() + "\nquorum none\n");
        for (int i = 0; i < entries.size(); i++) {
            byte[] leaf = MerkleHasher.leafHash(entries.get(i));
            byte[] extra = i % 2 == 0 ? null : ("entry " + i).getBytes(StandardCharsets.UTF_8);
            TlogProof proof = TlogProof.create(i, checkpoint, reader, extra);
            byte[] file = proof.toBytes();
            int index = i;
            tally.expect("proof of entry " + i, false, () -> {
                TlogProof parsed = TlogProof.parse(file);
                if (!parsed.equals(proof) || parsed.index() != index) {
                    throw new LogException(LogException.MALFORMED_TLOG_PROOF, "round trip differs");
                }
                parsed.verify(leaf, key);
                parsed.verify(leaf, policy);
            });
            byte[] otherLeaf = MerkleHasher.leafHash(entries.get((i + 1) % entries.size()));
            tally.expect(
                    "proof of entry " + i + " for another entry",
                    true,
                    () -> TlogProof.parse(file).verify(otherLeaf, key));
        }
        tally.finish();
    }

    @Test
    void fileFormat() {
        byte[] checkpoint = SharedVectors.bytes(LOG.resolve("checkpoint.1"));
        TlogProof proof = new TlogProof("hi".getBytes(StandardCharsets.UTF_8), 0, List.of(), checkpoint);
        String text = new String(proof.toBytes(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("c2sp.org/tlog-proof@v1\nextra aGk=\nindex 0\n\nexample.com/log/testdata\n1\n");
        String body = new String(checkpoint, StandardCharsets.UTF_8);
        for (String bad : List.of(
                "c2sp.org/tlog-proof@v2\nindex 0\n\n" + body,
                "c2sp.org/tlog-proof@v1\nindex 00\n\n" + body,
                "c2sp.org/tlog-proof@v1\nextra \nindex 0\n\n" + body,
                "c2sp.org/tlog-proof@v1\nextra aGk\nindex 0\n\n" + body,
                "c2sp.org/tlog-proof@v1\nindex 0\nAAAA\n\n" + body,
                "c2sp.org/tlog-proof@v1\nindex 0\n" + body,
                "c2sp.org/tlog-proof@v1\r\nindex 0\n\n" + body,
                "c2sp.org/tlog-proof@v1\nindex 0\n\nnot a note\n")) {
            assertThatThrownBy(() -> TlogProof.parse(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(LogException.class)
                    .extracting(e -> ((LogException) e).code())
                    .isEqualTo(LogException.MALFORMED_TLOG_PROOF);
        }
    }
}
