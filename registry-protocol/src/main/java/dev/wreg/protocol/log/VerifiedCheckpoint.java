package dev.wreg.protocol.log;

import java.util.List;
import java.util.OptionalLong;

/**
 * A checkpoint whose log signature verified, with the note it came in.
 *
 * @param checkpoint the parsed checkpoint
 * @param note the verified note: every signature from a known key (log or cosigner) verified
 * @param cosignatures the verified signatures that are timestamped cosignatures
 */
public record VerifiedCheckpoint(Checkpoint checkpoint, VerifiedNote note, List<NoteSignature> cosignatures) {
    public VerifiedCheckpoint {
        cosignatures = List.copyOf(cosignatures);
    }

    /** The raw note bytes, as they would be stored or served again. */
    public byte[] noteBytes() {
        return note.note().toBytes();
    }

    /** The newest timestamp among the verified cosignatures, if any (for freshness checks). */
    public OptionalLong newestCosignatureTime() {
        return cosignatures.stream().mapToLong(CosignatureVerifier::timestamp).max();
    }
}
