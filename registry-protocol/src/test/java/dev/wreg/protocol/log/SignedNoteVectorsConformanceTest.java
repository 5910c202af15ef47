package dev.wreg.protocol.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The C2SP and Go sumdb signed-note examples, and strict-parsing mutations of them. */
class SignedNoteVectorsConformanceTest {
    private static VerifierKey key(String file) {
        return VerifierKey.parse(SharedVectors.text(SharedVectors.path("signed-note/" + file)));
    }

    private static byte[] note(String file) {
        return SharedVectors.bytes(SharedVectors.path("signed-note/" + file));
    }

    @Test
    void signedNoteExamples() {
        VectorTally tally = new VectorTally("signed-note examples");
        VerifierKey c2sp = key("c2sp-example.vkey");
        VerifierKey peter = key("go-peterneumann.vkey");
        VerifierKey enoch = key("go-enochroot.vkey");
        for (String file : List.of("c2sp-example.vkey", "go-peterneumann.vkey", "go-enochroot.vkey")) {
            tally.check(
                    "vkey round trip " + file,
                    key(file).text().equals(SharedVectors.text(SharedVectors.path("signed-note/" + file))),
                    key(file).text());
        }
        byte[] example = note("c2sp-example.note");
        byte[] two = note("go-two-signatures.note");
        tally.expect("c2sp example verifies", false, () -> {
            VerifiedNote v = Note.open(example, List.of(c2sp.verifier()));
            require(v.note().text().equals("This is an example message.\n"), "text");
        });
        tally.expect("two signatures, PeterNeumann known", false, () -> {
            VerifiedNote v = Note.open(two, List.of(peter.verifier()));
            require(v.verified().size() == 1 && v.verifiedBy("PeterNeumann", peter.keyId()), "one verified");
            require(v.note().signatures().size() == 2, "unknown signature kept");
        });
        tally.expect("two signatures, EnochRoot known", false, () -> {
            VerifiedNote v = Note.open(two, List.of(enoch.verifier()));
            require(v.verifiedBy("EnochRoot", enoch.keyId()), "EnochRoot verified");
        });
        tally.expect("two signatures, both known", false, () -> {
            VerifiedNote v = Note.open(two, List.of(peter.verifier(), enoch.verifier()));
            require(v.verified().size() == 2, "both verified");
        });
        tally.expect("round trip of the notes", false, () -> {
            require(java.util.Arrays.equals(Note.parse(two).toBytes(), two), "go note");
            require(java.util.Arrays.equals(Note.parse(example).toBytes(), example), "c2sp note");
        });
        tally.expect("no known key", true, () -> Note.open(two, List.of(c2sp.verifier())));
        tally.expect("wrong key for the text", true, () -> Note.open(example, List.of(peter.verifier())));

        String text = new String(two, StandardCharsets.UTF_8);
        tally.expect(
                "text changed: known key fails, whole note refused",
                true,
                () -> Note.open(
                        text.replace("cryptography", "Cryptography").getBytes(StandardCharsets.UTF_8),
                        List.of(peter.verifier())));
        // Same name, other key ID: an unknown key, ignored; Enoch still verifies.
        tally.expect(
                "unknown key ID ignored",
                false,
                () -> Note.open(
                        text.replace("— PeterNeumann x08go", "— PeterNeumann x08gp")
                                .getBytes(StandardCharsets.UTF_8),
                        List.of(enoch.verifier())));
        tally.expect(
                "known key with a bad signature refuses the note",
                true,
                () -> Note.open(
                        text.replace("— PeterNeumann x08go/ZJkuBS9", "— PeterNeumann x08go/ZJkuBS8")
                                .getBytes(StandardCharsets.UTF_8),
                        List.of(peter.verifier(), enoch.verifier())));
        malformed(tally, "CRLF line endings", text.replace("\n", "\r\n"));
        malformed(tally, "missing final newline", text.substring(0, text.length() - 1));
        malformed(tally, "ASCII hyphen instead of em dash", text.replace("— ", "- "));
        malformed(tally, "no blank line", text.replace("problem is.\n\n", "problem is.\n"));
        malformed(tally, "no signature", "hello\n\n");
        malformed(tally, "tab in the text", text.replace("If you", "If\tyou"));
        malformed(tally, "space in key name", text.replace("— EnochRoot", "— Enoch Root"));
        malformed(tally, "plus in key name", text.replace("— EnochRoot", "— Enoch+Root"));
        malformed(tally, "empty key name", text.replace("— EnochRoot", "— "));
        malformed(tally, "two spaces after the name", text.replace("— EnochRoot ", "— EnochRoot  "));
        malformed(tally, "signature not base64", text.replace("rwz+eBzm", "rwz*eBzm"));
        malformed(tally, "signature too short", "hello\n\n— name AAAAAA==\n");
        // The last blank line splits text from signatures: the first signature line becomes text,
        // so the remaining known signature no longer verifies.
        tally.expect(
                "blank line among signatures moves the split",
                true,
                () -> Note.open(
                        text.replace("\n— EnochRoot", "\n\n— EnochRoot").getBytes(StandardCharsets.UTF_8),
                        List.of(enoch.verifier())));
        StringBuilder many = new StringBuilder("hello\n\n");
        for (int i = 0; i <= Note.MAX_SIGNATURES; i++) {
            many.append("— name").append(i).append(" AAAAAAAA\n");
        }
        malformed(tally, "too many signatures", many.toString());
        byte[] badUtf8 = two.clone();
        badUtf8[3] = (byte) 0xff;
        tally.expect("invalid UTF-8", true, () -> Note.parse(badUtf8));
        tally.finish();
    }

    private static void malformed(VectorTally tally, String name, String note) {
        tally.expect(name, true, () -> {
            try {
                Note.parse(note.getBytes(StandardCharsets.UTF_8));
            } catch (LogException e) {
                require(e.code().equals(LogException.MALFORMED_NOTE), "code " + e.code());
                throw e;
            }
        });
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @Test
    void signAndVerifyRoundTrip() {
        Ed25519NoteSigner signer = Ed25519NoteSigner.generate("example.com/wreg");
        Note note = Note.sign("hello\nworld\n", List.of(signer));
        VerifiedNote verified =
                Note.open(note.toBytes(), List.of(signer.verifierKey().verifier()));
        assertThat(verified.verified()).hasSize(1);
        Ed25519NoteSigner again = Ed25519NoteSigner.parse(signer.privateKeyText());
        assertThat(again.verifierKey()).isEqualTo(signer.verifierKey());
        assertThat(VerifierKey.parse(signer.verifierKey().text())).isEqualTo(signer.verifierKey());
    }
}
