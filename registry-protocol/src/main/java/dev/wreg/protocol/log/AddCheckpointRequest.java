package dev.wreg.protocol.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The body of a c2sp.org/tlog-witness {@code add-checkpoint} request: {@code old <size>}, up to 63
 * base64 consistency-proof lines, a blank line, and the signed checkpoint. Only the format lives here;
 * the witness rules (404/403/409/422 and the atomic state update) belong to whoever acts as witness.
 *
 * @param oldSize the size of the last checkpoint the witness cosigned (0 to learn it from a 409)
 * @param consistencyProof the proof from {@code oldSize} to the checkpoint's size
 * @param checkpoint the signed checkpoint note
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> consistencyProof, byte[] checkpoint) {
    public static final int MAX_PROOF_LINES = 63;

    public AddCheckpointRequest {
        if (oldSize < 0) {
            throw malformed("old size must not be negative");
        }
        if (consistencyProof.size() > MAX_PROOF_LINES) {
            throw malformed("more than " + MAX_PROOF_LINES + " consistency proof lines");
        }
        List<byte[]> copy = new ArrayList<>();
        for (byte[] hash : consistencyProof) {
            if (hash.length != MerkleHasher.HASH_SIZE) {
                throw malformed("consistency proof hashes are 32 bytes");
            }
            copy.add(hash.clone());
        }
        consistencyProof = List.copyOf(copy);
        checkpoint = checkpoint.clone();
    }

    @Override
    public List<byte[]> consistencyProof() {
        return consistencyProof.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    public static AddCheckpointRequest parse(byte[] body) {
        if (body.length > Note.MAX_NOTE_BYTES + 8192) {
            throw malformed("request body is too large");
        }
        int at = 0;
        List<String> lines = new ArrayList<>();
        while (true) {
            int end = at;
            while (end < body.length && body[end] != '\n') {
                if (body[end] < 0x20 || body[end] == 0x7f) {
                    throw malformed("control or non-ASCII byte before the checkpoint");
                }
                end++;
            }
            if (end == body.length) {
                throw malformed("no blank line before the checkpoint");
            }
            String line = new String(body, at, end - at, StandardCharsets.US_ASCII);
            at = end + 1;
            if (line.isEmpty()) {
                break;
            }
            if (lines.size() > MAX_PROOF_LINES) {
                throw malformed("more than " + MAX_PROOF_LINES + " consistency proof lines");
            }
            lines.add(line);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("old ")) {
            throw malformed("first line must be old <size>");
        }
        long oldSize = StrictText.decimal(
                lines.get(0).substring("old ".length()), LogException.MALFORMED_WITNESS_REQUEST, "old size");
        List<byte[]> proof = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            proof.add(StrictText.hash(line, LogException.MALFORMED_WITNESS_REQUEST, "consistency proof line"));
        }
        return new AddCheckpointRequest(oldSize, proof, Arrays.copyOfRange(body, at, body.length));
    }

    public byte[] toBytes() {
        StringBuilder head = new StringBuilder("old ").append(oldSize).append('\n');
        consistencyProof.forEach(
                h -> head.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        head.append('\n');
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(start, start.length + checkpoint.length);
        System.arraycopy(checkpoint, 0, out, start.length, checkpoint.length);
        return out;
    }

    /**
     * Parses a witness's 200 response (one or more signature lines) by appending it to the submitted
     * checkpoint as the spec suggests, and returns the cosignatures of the given witness keys that
     * verify. Unknown signatures are ignored; a bad signature from a known witness fails.
     */
    public static List<NoteSignature> verifiedCosignatures(
            Note checkpoint, byte[] response, List<? extends NoteVerifier> witnessKeys) {
        Note parsed = Note.parse(
                (checkpoint.text() + "\n" + StrictText.utf8(response, LogException.MALFORMED_NOTE, "response"))
                        .getBytes(StandardCharsets.UTF_8));
        if (!parsed.text().equals(checkpoint.text())) {
            // A blank line inside the response would move the text/signature split.
            throw new LogException(LogException.MALFORMED_NOTE, "witness response is not only signature lines");
        }
        Note cosigned = new Note(checkpoint.text(), parsed.signatures());
        return cosigned.verify(witnessKeys).verified();
    }

    private static LogException malformed(String message) {
        return new LogException(LogException.MALFORMED_WITNESS_REQUEST, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddCheckpointRequest other && Arrays.equals(toBytes(), other.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "AddCheckpointRequest[old " + oldSize + ", " + consistencyProof.size() + " proof lines]";
    }
}
