package dev.wreg.protocol.log;

import java.util.List;

/** A HashReader over leaf hashes held in memory; node hashes are recomputed from the leaves. */
final class MemoryHashes implements HashReader {
    private final List<byte[]> leaves;

    MemoryHashes(List<byte[]> leaves) {
        this.leaves = List.copyOf(leaves);
    }

    @Override
    public List<byte[]> readHashes(List<NodeId> nodes) {
        return nodes.stream()
                .map(n -> {
                    if (n.endLeaf() > leaves.size()) {
                        throw new LogException(LogException.MISSING_HASH, "no node " + n);
                    }
                    return MerkleHasher.rootOfLeafHashes(leaves.subList((int) n.firstLeaf(), (int) n.endLeaf()));
                })
                .toList();
    }
}
