package dev.wreg.protocol.log;

import java.util.List;

/**
 * A source of stored node hashes, as a log keeps them (for example in tiles). Proof generation asks
 * only for complete subtrees inside the tree it works on, all at once so that an implementation can
 * fetch each tile once.
 */
@FunctionalInterface
public interface HashReader {
    /**
     * Returns the hash of each node, in the order asked.
     *
     * @throws LogException with code {@link LogException#MISSING_HASH} if a hash is not available
     */
    List<byte[]> readHashes(List<NodeId> nodes);
}
