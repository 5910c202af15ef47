package dev.wreg.server.log;

import dev.wreg.protocol.crypto.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The operator keys that signed this log's checkpoints before the server's own key took over (the
 * operator key was rotated): a checkpoint kept from then is still this log's, signed by a key the
 * operator log handed over from. And whether the server's own key was handed over in turn.
 * Implemented where the operator log is read.
 */
public interface EarlierSigningKeys {

    EarlierSigningKeys NONE = List::of;

    /** Oldest first; never the server's own key. */
    List<PublicKey> earlierKeys();

    /**
     * Why the server may sign nothing more, when its own key handed the role over to another (a
     * replica still running with the old key after a rotation); empty otherwise.
     */
    default Optional<String> ownKeyHandedOver() {
        return Optional.empty();
    }
}
