package dev.wreg.protocol.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP transparency-log proof (c2sp.org/tlog-proof, {@code .tlog-proof}): an offline-verifiable
 * proof that an entry is in a log, made of optional unauthenticated extra data, the entry's index, its
 * inclusion proof, and the (co)signed checkpoint verbatim.
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * [extra &lt;base64&gt;]
 * index &lt;n&gt;
 * &lt;base64 hash, leaf sibling first&gt;...
 *
 * &lt;checkpoint note&gt;
 * </pre>
 *
 * @param extra opaque extra data, or null; never trusted
 * @param index the zero-based index of the entry
 * @param inclusionProof the audit path, leaf sibling first
 * @param checkpoint the signed checkpoint note bytes
 */
public record TlogProof(byte[] extra, long index, List<byte[]> inclusionProof, byte[] checkpoint) {
    /** The first line of every proof. */
    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    /** An inclusion proof in a tree of at most 2^63-1 leaves has at most 63 hashes. */
    public static final int MAX_PROOF_HASHES = 63;

    public TlogProof {
        if (extra != null && extra.length == 0) {
            extra = null;
        }
        extra = extra == null ? null : extra.clone();
        if (index < 0) {
            throw malformed("index must not be negative");
        }
        if (inclusionProof.size() > MAX_PROOF_HASHES) {
            throw malformed("inclusion proof has more than " + MAX_PROOF_HASHES + " hashes");
        }
        List<byte[]> copy = new ArrayList<>(inclusionProof.size());
        for (byte[] hash : inclusionProof) {
            if (hash.length != MerkleHasher.HASH_SIZE) {
                throw malformed("inclusion proof hashes are 32 bytes");
            }
            copy.add(hash.clone());
        }
        inclusionProof = List.copyOf(copy);
        Note.parse(checkpoint); // strict: the checkpoint must at least be a well-formed note
        checkpoint = checkpoint.clone();
    }

    @Override
    public byte[] extra() {
        return extra == null ? null : extra.clone();
    }

    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    @Override
    public List<byte[]> inclusionProof() {
        return inclusionProof.stream().map(byte[]::clone).toList();
    }

    /**
     * Builds the proof of entry {@code index} under a signed checkpoint, reading hashes from the log.
     */
    public static TlogProof create(long index, byte[] checkpointNote, HashReader hashes, byte[] extra) {
        Checkpoint checkpoint = Checkpoint.parse(Note.parse(checkpointNote).text());
        return new TlogProof(
                extra, index, MerkleProofs.inclusionProof(index, checkpoint.size(), hashes), checkpointNote);
    }

    /** Parses a proof file strictly. */
    public static TlogProof parse(byte[] bytes) {
        if (bytes.length > Note.MAX_NOTE_BYTES + 8192) {
            throw malformed("proof is too large");
        }
        int at = 0;
        List<String> header = new ArrayList<>();
        // The head is ASCII lines up to the blank line; everything after it is the note, verbatim.
        while (true) {
            int end = indexOf(bytes, (byte) '\n', at);
            if (end < 0) {
                throw malformed("no blank line before the checkpoint");
            }
            String line = new String(bytes, at, end - at, StandardCharsets.US_ASCII);
            for (int i = at; i < end; i++) {
                if (bytes[i] < 0x20 || bytes[i] == 0x7f) {
                    throw malformed("control or non-ASCII byte before the checkpoint");
                }
            }
            at = end + 1;
            if (line.isEmpty()) {
                break;
            }
            if (header.size() > MAX_PROOF_HASHES + 3) {
                throw malformed("too many lines before the checkpoint");
            }
            header.add(line);
        }
        if (header.isEmpty() || !header.get(0).equals(HEADER)) {
            throw malformed("first line must be " + HEADER);
        }
        int line = 1;
        byte[] extra = null;
        if (line < header.size() && header.get(line).startsWith("extra ")) {
            String data = header.get(line).substring("extra ".length());
            if (data.isEmpty()) {
                throw malformed("extra line without data");
            }
            extra = StrictText.base64(data, LogException.MALFORMED_TLOG_PROOF, "extra data");
            line++;
        }
        if (line >= header.size() || !header.get(line).startsWith("index ")) {
            throw malformed("missing index line");
        }
        long index = StrictText.decimal(
                header.get(line).substring("index ".length()), LogException.MALFORMED_TLOG_PROOF, "index");
        line++;
        List<byte[]> proof = new ArrayList<>();
        for (; line < header.size(); line++) {
            proof.add(StrictText.hash(header.get(line), LogException.MALFORMED_TLOG_PROOF, "inclusion proof hash"));
        }
        byte[] checkpoint = Arrays.copyOfRange(bytes, at, bytes.length);
        try {
            return new TlogProof(extra, index, proof, checkpoint);
        } catch (LogException e) {
            if (e.code().equals(LogException.MALFORMED_NOTE)) {
                throw new LogException(
                        LogException.MALFORMED_TLOG_PROOF, "checkpoint is not a signed note: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The proof file bytes. */
    public byte[] toBytes() {
        StringBuilder head = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            head.append("extra ")
                    .append(Base64.getEncoder().encodeToString(extra))
                    .append('\n');
        }
        head.append("index ").append(index).append('\n');
        inclusionProof.forEach(
                h -> head.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        head.append('\n');
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(start, start.length + checkpoint.length);
        System.arraycopy(checkpoint, 0, out, start.length, checkpoint.length);
        return out;
    }

    /**
     * Verifies the proof for an entry whose leaf hash the caller computed: the checkpoint must satisfy
     * the policy (log signature, witness quorum) and the inclusion proof must lead to its root.
     */
    public VerifiedCheckpoint verify(byte[] leafHash, TlogPolicy policy) {
        VerifiedCheckpoint verified = policy.verify(checkpoint);
        checkInclusion(leafHash, verified.checkpoint());
        return verified;
    }

    /** Verifies the proof against a single log key, with no witness requirement. */
    public VerifiedCheckpoint verify(byte[] leafHash, VerifierKey logKey) {
        VerifiedCheckpoint verified = Checkpoint.open(checkpoint, logKey);
        checkInclusion(leafHash, verified.checkpoint());
        return verified;
    }

    private void checkInclusion(byte[] leafHash, Checkpoint checkpoint) {
        MerkleProofs.verifyInclusion(index, checkpoint.size(), leafHash, inclusionProof, checkpoint.rootHash());
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static LogException malformed(String message) {
        return new LogException(LogException.MALFORMED_TLOG_PROOF, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlogProof other && Arrays.equals(toBytes(), other.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "TlogProof[index " + index + ", " + inclusionProof.size() + " hashes]";
    }
}
