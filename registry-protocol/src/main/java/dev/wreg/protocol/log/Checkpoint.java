package dev.wreg.protocol.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * A C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the body of a signed note with the origin, the
 * tree size in canonical decimal, the base64 RFC 6962 root and optional extension lines.
 *
 * @param origin the log's identity, non-empty
 * @param size the number of entries
 * @param rootHash the 32-byte root of the tree of {@code size} entries
 * @param extensions extension lines (opaque, non-empty each; wreg writes none)
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
    public Checkpoint {
        if (origin == null || origin.isEmpty()) {
            throw malformed("checkpoint origin is empty");
        }
        checkLine(origin, "origin");
        if (size < 0) {
            throw malformed("checkpoint size is negative: " + size);
        }
        if (rootHash == null || rootHash.length != MerkleHasher.HASH_SIZE) {
            throw malformed("checkpoint root must be a 32-byte hash");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String extension : extensions) {
            if (extension.isEmpty()) {
                throw malformed("checkpoint extension lines must not be empty");
            }
            checkLine(extension, "extension line");
        }
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** Parses the note text of a checkpoint (with its final newline). */
    public static Checkpoint parse(String text) {
        if (!text.endsWith("\n")) {
            throw malformed("checkpoint text must end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw malformed("checkpoint needs an origin, a size and a root hash, got " + lines.length + " line(s)");
        }
        for (String line : lines) {
            if (line.isEmpty()) {
                throw malformed("checkpoint lines must not be empty");
            }
        }
        long size = StrictText.decimal(lines[1], LogException.MALFORMED_CHECKPOINT, "checkpoint size");
        byte[] root = StrictText.hash(lines[2], LogException.MALFORMED_CHECKPOINT, "checkpoint root hash");
        return new Checkpoint(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
    }

    /** The note text, with its final newline. */
    public String text() {
        StringBuilder out = new StringBuilder()
                .append(origin)
                .append('\n')
                .append(size)
                .append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash))
                .append('\n');
        extensions.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }

    /**
     * Signs this checkpoint as the log. The log's key name must be its origin, so that verifiers can
     * find the key from the checkpoint itself.
     */
    public Note sign(NoteSigner logSigner) {
        if (!logSigner.keyName().equals(origin)) {
            throw new LogException(
                    LogException.MALFORMED_KEY,
                    "log key name " + logSigner.keyName() + " is not the checkpoint origin " + origin);
        }
        return Note.sign(text(), List.of(logSigner));
    }

    /**
     * Opens a signed checkpoint of the log {@code origin}: the note is parsed strictly, checked
     * against the log's verifier keys (whose names must be the origin) and any other known keys, and
     * its body must be a checkpoint for that origin.
     *
     * @param note the signed note bytes
     * @param origin the expected origin
     * @param logKeys verifiers for the log's own signatures; at least one must have verified
     * @param otherKeys other known keys, such as witness cosigners (may be empty)
     */
    public static VerifiedCheckpoint open(
            byte[] note,
            String origin,
            Collection<? extends NoteVerifier> logKeys,
            Collection<? extends NoteVerifier> otherKeys) {
        Note parsed = Note.parse(note);
        Checkpoint checkpoint = parse(parsed.text());
        if (!checkpoint.origin().equals(origin)) {
            throw new LogException(
                    LogException.WRONG_ORIGIN,
                    "checkpoint is for origin " + StrictText.abbreviate(checkpoint.origin()) + ", expected "
                            + StrictText.abbreviate(origin));
        }
        List<NoteVerifier> logVerifiers = logKeys.stream()
                .filter(k -> k.keyName().equals(origin))
                .map(k -> (NoteVerifier) k)
                .toList();
        List<NoteVerifier> known = new ArrayList<>(logVerifiers);
        known.addAll(otherKeys);
        VerifiedNote verified = parsed.verify(known);
        boolean byLog = logVerifiers.stream().anyMatch(k -> verified.verifiedBy(k.keyName(), k.keyId()));
        if (!byLog) {
            throw new LogException(LogException.UNVERIFIED_NOTE, "checkpoint is not signed by the log " + origin);
        }
        List<NoteSignature> cosignatures = verified.verified().stream()
                .filter(s -> otherKeys.stream()
                        .anyMatch(k -> k instanceof CosignatureVerifier
                                && k.keyName().equals(s.keyName())
                                && k.keyId() == s.keyId()))
                .toList();
        return new VerifiedCheckpoint(checkpoint, verified, cosignatures);
    }

    /** {@link #open(byte[], String, Collection, Collection)} with the log key alone. */
    public static VerifiedCheckpoint open(byte[] note, VerifierKey logKey) {
        if (logKey.type() != VerifierKey.TYPE_ED25519) {
            throw new LogException(
                    LogException.MALFORMED_KEY,
                    "log key " + logKey.keyName() + " is not an Ed25519 note key (type 0x01)");
        }
        return open(note, logKey.keyName(), List.of(logKey.verifier()), List.of());
    }

    /** The checkpoint text as UTF-8, the exact bytes that signatures cover. */
    public byte[] textBytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    private static void checkLine(String line, String what) {
        if (line.indexOf('\n') >= 0) {
            throw malformed("checkpoint " + what + " contains a newline");
        }
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) < 0x20) {
                throw malformed("checkpoint " + what + " contains a control character");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other
                && origin.equals(other.origin)
                && size == other.size
                && Arrays.equals(rootHash, other.rootHash)
                && extensions.equals(other.extensions);
    }

    @Override
    public int hashCode() {
        return (origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + Base64.getEncoder().encodeToString(rootHash) + "]";
    }

    private static LogException malformed(String message) {
        return new LogException(LogException.MALFORMED_CHECKPOINT, message);
    }
}
