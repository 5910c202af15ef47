package dev.wreg.protocol.log;

import java.util.List;

/**
 * A note that carried at least one valid signature from a known key.
 *
 * @param note the whole parsed note, unknown signatures included
 * @param verified the signatures from known keys, all of which verified
 */
public record VerifiedNote(Note note, List<NoteSignature> verified) {
    public VerifiedNote {
        verified = List.copyOf(verified);
    }

    /** Whether a signature from this key name and ID verified. */
    public boolean verifiedBy(String keyName, int keyId) {
        return verified.stream().anyMatch(s -> s.keyName().equals(keyName) && s.keyId() == keyId);
    }
}
