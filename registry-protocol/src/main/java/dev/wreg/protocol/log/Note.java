package dev.wreg.protocol.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, and one or
 * more signature lines. Parsing is strict: valid UTF-8, no control character but newline, the text
 * split from the signatures at the last blank line, every signature line well formed, and size caps
 * so that hostile input stays cheap.
 *
 * @param text the signed text, with its final newline
 * @param signatures the signature lines in order, known and unknown
 */
public record Note(String text, List<NoteSignature> signatures) {
    /** Notes larger than this are refused unread (16 post-quantum signatures fit easily). */
    public static final int MAX_NOTE_BYTES = 1 << 20;
    /** More signature lines than this are refused; the spec asks verifiers to accept at least 16. */
    public static final int MAX_SIGNATURES = 128;

    public Note {
        checkText(text);
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new LogException(LogException.MALFORMED_NOTE, "a note needs at least one signature");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new LogException(
                    LogException.MALFORMED_NOTE,
                    "note has " + signatures.size() + " signatures, more than " + MAX_SIGNATURES);
        }
    }

    /** Signs {@code text} with every signer, in order. */
    public static Note sign(String text, List<? extends NoteSigner> signers) {
        checkText(text);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> signatures = new ArrayList<>();
        for (NoteSigner signer : signers) {
            signatures.add(new NoteSignature(signer.keyName(), signer.keyId(), signer.sign(bytes)));
        }
        return new Note(text, signatures);
    }

    /** This note with more signature lines after the existing ones (for example cosignatures). */
    public Note withSignatures(Collection<NoteSignature> more) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.addAll(more);
        return new Note(text, all);
    }

    /** The exact bytes of the note. */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a note without verifying anything. */
    public static Note parse(byte[] bytes) {
        if (bytes.length > MAX_NOTE_BYTES) {
            throw malformed("note is " + bytes.length + " bytes, more than " + MAX_NOTE_BYTES);
        }
        String all = StrictText.utf8(bytes, LogException.MALFORMED_NOTE, "note");
        checkCharacters(all);
        if (!all.endsWith("\n")) {
            throw malformed("note does not end with a newline");
        }
        int split = all.lastIndexOf("\n\n");
        if (split < 0) {
            throw malformed("note has no blank line before its signatures");
        }
        String text = all.substring(0, split + 1);
        String block = all.substring(split + 2);
        if (block.isEmpty()) {
            throw malformed("note has no signature lines");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        int at = 0;
        while (at < block.length()) {
            int end = block.indexOf('\n', at);
            if (signatures.size() == MAX_SIGNATURES) {
                throw malformed("note has more than " + MAX_SIGNATURES + " signatures");
            }
            signatures.add(parseSignatureLine(block.substring(at, end)));
            at = end + 1;
        }
        return new Note(text, signatures);
    }

    /**
     * Parses a note and checks it against known keys, as c2sp.org/signed-note requires: signatures
     * from unknown keys (name and key ID not both matching) are ignored; a signature from a known key
     * that fails rejects the whole note; without any verified signature the note is rejected.
     *
     * @throws LogException {@code malformed-note}, {@code bad-signature} or {@code unverified-note}
     */
    public static VerifiedNote open(byte[] bytes, Collection<? extends NoteVerifier> known) {
        return parse(bytes).verify(known);
    }

    /** Checks this note against known keys; see {@link #open}. */
    public VerifiedNote verify(Collection<? extends NoteVerifier> known) {
        byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> verified = new ArrayList<>();
        for (NoteSignature signature : signatures) {
            boolean matched = false;
            for (NoteVerifier verifier : known) {
                if (verifier.keyName().equals(signature.keyName()) && verifier.keyId() == signature.keyId()) {
                    matched = true;
                    if (!verifier.verify(textBytes, signature.signature())) {
                        throw new LogException(
                                LogException.BAD_SIGNATURE,
                                "signature from known key " + signature.keyName() + " does not verify");
                    }
                }
            }
            if (matched && !verified.contains(signature)) {
                verified.add(signature);
            }
        }
        if (verified.isEmpty()) {
            throw new LogException(
                    LogException.UNVERIFIED_NOTE,
                    "no signature from a known key among " + signatures.size() + " signature(s)");
        }
        return new VerifiedNote(this, verified);
    }

    private static NoteSignature parseSignatureLine(String line) {
        if (!line.startsWith(NoteSignature.LINE_PREFIX)) {
            throw malformed(
                    "signature line does not start with an em dash and a space: " + StrictText.abbreviate(line));
        }
        String rest = line.substring(NoteSignature.LINE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space <= 0) {
            throw malformed("signature line has no key name: " + StrictText.abbreviate(line));
        }
        String name = rest.substring(0, space);
        VerifierKey.requireKeyName(name, LogException.MALFORMED_NOTE);
        byte[] blob = StrictText.base64(rest.substring(space + 1), LogException.MALFORMED_NOTE, "signature");
        if (blob.length < 5) {
            throw malformed("signature from " + name + " is too short");
        }
        int keyId = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        return new NoteSignature(name, keyId, java.util.Arrays.copyOfRange(blob, 4, blob.length));
    }

    private static void checkText(String text) {
        if (text == null || text.isEmpty() || !text.endsWith("\n")) {
            throw malformed("note text must end with a newline");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_BYTES) {
            throw malformed("note text is larger than " + MAX_NOTE_BYTES + " bytes");
        }
        checkCharacters(text);
    }

    private static void checkCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw malformed("note contains the control character U+" + String.format("%04X", (int) c));
            }
        }
    }

    private static LogException malformed(String message) {
        return new LogException(LogException.MALFORMED_NOTE, message);
    }
}
