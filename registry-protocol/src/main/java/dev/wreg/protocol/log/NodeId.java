package dev.wreg.protocol.log;

/**
 * A complete subtree of the log: the node at {@code level} (0 = leaves) and {@code index}, which
 * covers leaves {@code [index·2^level, (index+1)·2^level)}.
 */
public record NodeId(int level, long index) {
    public NodeId {
        if (level < 0 || level > 63) {
            throw new IllegalArgumentException("node level out of range: " + level);
        }
        if (index < 0 || (level > 0 && index > (Long.MAX_VALUE >>> level))) {
            throw new IllegalArgumentException("node index out of range: " + index + " at level " + level);
        }
    }

    /** First leaf covered by this node. */
    public long firstLeaf() {
        return index << level;
    }

    /** One past the last leaf covered by this node. */
    public long endLeaf() {
        return (index + 1) << level;
    }
}
