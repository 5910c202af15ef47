package dev.wreg.protocol.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link HashReader} over the tiles of a tree of a given size. A node whose level is a multiple of
 * 8 is stored in a tile; a node in between is the root of a complete run of hashes within one tile.
 * Tiles are fetched once per reader (they are immutable, partial ones included, for a fixed size).
 *
 * <p>Nothing read here is trusted: proofs built from it are verified against a signed checkpoint's
 * root, so a tampered tile shows up as a proof that fails.
 */
public final class TileHashReader implements HashReader {
    private final long treeSize;
    private final TileSource source;
    private final Map<TileId, List<byte[]>> cache = new HashMap<>();

    public TileHashReader(long treeSize, TileSource source) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("negative tree size " + treeSize);
        }
        this.treeSize = treeSize;
        this.source = source;
    }

    public long treeSize() {
        return treeSize;
    }

    @Override
    public List<byte[]> readHashes(List<NodeId> nodes) {
        List<byte[]> out = new ArrayList<>(nodes.size());
        for (NodeId node : nodes) {
            out.add(read(node));
        }
        return out;
    }

    private byte[] read(NodeId node) {
        if (node.level() >= 63 || node.endLeaf() > treeSize || node.endLeaf() <= 0) {
            throw new LogException(
                    LogException.MISSING_HASH, "node " + node + " is not complete in a tree of size " + treeSize);
        }
        int tileLevel = node.level() / TileId.HEIGHT;
        int below = node.level() % TileId.HEIGHT;
        long first = node.index() << below;
        int count = 1 << below;
        long tileIndex = first / TileResource.FULL_WIDTH;
        int offset = (int) (first % TileResource.FULL_WIDTH);
        List<byte[]> hashes = tile(Tiles.tileAt(tileLevel, tileIndex, treeSize));
        if (offset + count > hashes.size()) {
            throw new LogException(LogException.MISSING_HASH, "node " + node + " is beyond its tile");
        }
        return count == 1
                ? hashes.get(offset)
                : MerkleHasher.completeSubtreeHash(hashes.subList(offset, offset + count));
    }

    private List<byte[]> tile(TileId id) {
        List<byte[]> hashes = cache.get(id);
        if (hashes == null) {
            byte[] data = source.read(id);
            if (data == null) {
                throw new LogException(LogException.MISSING_HASH, "tile " + id.path() + " is not available");
            }
            hashes = Tiles.decodeTile(id, data);
            cache.put(id, hashes);
        }
        return hashes;
    }
}
