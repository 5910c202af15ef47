package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TlogPolicyTest {
    private final Ed25519NoteSigner log = Ed25519NoteSigner.generate("example.com/log");
    private final List<Ed25519Cosigner> x = List.of(
            Ed25519Cosigner.generate("x1.example"),
            Ed25519Cosigner.generate("x2.example"),
            Ed25519Cosigner.generate("x3.example"));
    private final List<Ed25519Cosigner> y = List.of(
            Ed25519Cosigner.generate("y1.example"),
            Ed25519Cosigner.generate("y2.example"),
            Ed25519Cosigner.generate("y3.example"));

    /** The two-level example of c2sp.org/tlog-policy, with real keys, comments and odd spacing. */
    private String examplePolicy() {
        return "# example policy\n"
                + "log " + log.verifierKey().text() + " https://example.com/log\n"
                + "\n"
                + "witness X1 " + x.get(0).verifierKey().text() + "\n"
                + "  witness\tX2   " + x.get(1).verifierKey().text() + " \n"
                + "witness X3 " + x.get(2).verifierKey().text() + "\n"
                + "group X-witnesses 2 X1 X2 X3\n"
                + "   # indented comment\n"
                + "witness Y1 " + y.get(0).verifierKey().text() + "\n"
                + "witness Y2 " + y.get(1).verifierKey().text() + "\n"
                + "witness Y3 " + y.get(2).verifierKey().text() + "\n"
                + "group Y-witnesses any Y1 Y2 Y3\n"
                + "\n"
                + "group X-and-Y all X-witnesses Y-witnesses\n"
                + "quorum X-and-Y\n";
    }

    @Test
    void parsesTheSpecExampleAndEvaluatesTheQuorum() {
        TlogPolicy policy = TlogPolicy.parse(examplePolicy().getBytes(StandardCharsets.UTF_8));
        assertThat(policy.logs()).hasSize(1);
        assertThat(policy.logs().get(0).url()).isEqualTo("https://example.com/log");
        assertThat(policy.witnesses())
                .extracting(TlogPolicy.Witness::name)
                .containsExactly("X1", "X2", "X3", "Y1", "Y2", "Y3");
        assertThat(policy.groups().get(0).threshold()).isEqualTo(2);
        assertThat(policy.groups().get(2).threshold()).isEqualTo(2);
        assertThat(policy.quorumMet(Set.of("X1", "X2", "Y3"))).isTrue();
        assertThat(policy.quorumMet(Set.of("X1", "Y1", "Y2", "Y3"))).isFalse();
        assertThat(policy.quorumMet(Set.of("X1", "X2", "X3"))).isFalse();
        assertThat(TlogPolicy.parse(policy.text())).isEqualTo(policy);
        assertThat(TlogPolicy.parse("quorum none\n").quorumMet(Set.of())).isTrue();
    }

    @Test
    void verifiesCheckpointsAgainstThePolicy() {
        TlogPolicy policy = TlogPolicy.parse(examplePolicy());
        Checkpoint cp = new Checkpoint("example.com/log", 3, MerkleHasher.emptyRoot());
        List<NoteSignature> cosigs = new ArrayList<>();
        cosigs.add(x.get(0).cosign(cp, 100));
        cosigs.add(y.get(2).cosign(cp, 200));
        Note weak = cp.sign(log).withSignatures(cosigs);
        assertThatThrownBy(() -> policy.verify(weak.toBytes()))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.QUORUM_NOT_MET);
        // A cosignature from an unknown witness does not count.
        Note withStranger = weak.withSignatures(
                List.of(Ed25519Cosigner.generate("x2.example").cosign(cp, 5)));
        assertThatThrownBy(() -> policy.verify(withStranger.toBytes()))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.QUORUM_NOT_MET);
        Note enough = weak.withSignatures(List.of(x.get(2).cosign(cp, 300)));
        VerifiedCheckpoint verified = policy.verify(enough.toBytes());
        assertThat(verified.cosignatures()).hasSize(3);
        assertThat(verified.newestCosignatureTime()).hasValue(300);

        Checkpoint other = new Checkpoint("other.example/log", 3, MerkleHasher.emptyRoot());
        assertThatThrownBy(() ->
                        policy.verify(Note.sign(other.text(), List.of(log)).toBytes()))
                .extracting(e -> ((LogException) e).code())
                .isEqualTo(LogException.WRONG_ORIGIN);
    }

    @Test
    void refusesInvalidPolicies() {
        String w1 = "witness W1 " + x.get(0).verifierKey().text() + "\n";
        String w2 = "witness W2 " + x.get(1).verifierKey().text() + "\n";
        for (String bad : List.of(
                "",
                "# only a comment\n",
                w1,
                w1 + "quorum W2\n",
                "quorum W1\n" + w1,
                w1 + "quorum W1\nquorum W1\n",
                w1 + w1 + "quorum W1\n",
                w1 + "witness W2 " + x.get(0).verifierKey().text() + "\nquorum W1\n",
                "witness none " + x.get(0).verifierKey().text() + "\nquorum none\n",
                w1 + w2 + "group G 3 W1 W2\nquorum G\n",
                w1 + w2 + "group G 0 W1 W2\nquorum G\n",
                w1 + w2 + "group G 01 W1 W2\nquorum G\n",
                w1 + w2 + "group G any W1 W1\nquorum G\n",
                w1 + w2 + "group G any W1 none\nquorum G\n",
                w1 + w2 + "group G any W1 W3\nquorum G\n",
                w1 + w2 + "group G any\nquorum G\n",
                w1 + w2 + "group W1 any W2\nquorum W1\n",
                w1 + "quorum W1\r\n",
                w1 + "quorum W1 extra\n",
                w1 + "frobnicate W1\nquorum W1\n",
                "witness W1 " + log.verifierKey().text() + "\nquorum W1\n",
                "log " + x.get(0).verifierKey().text() + "\nquorum none\n",
                "log " + log.verifierKey().text() + "\nlog " + log.verifierKey().text() + "\nquorum none\n",
                "log not-a-vkey\nquorum none\n")) {
            assertThatThrownBy(() -> TlogPolicy.parse(bad))
                    .as(bad)
                    .isInstanceOf(LogException.class)
                    .extracting(e -> ((LogException) e).code())
                    .isEqualTo(LogException.MALFORMED_POLICY);
        }
    }
}
