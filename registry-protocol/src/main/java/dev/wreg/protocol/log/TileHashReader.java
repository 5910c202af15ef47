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
 *
 * <p>Not thread-safe (it caches tiles); use one reader per verification or request.
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
            hashes = fetch(id);
            cache.put(id, hashes);
        }
        return hashes;
    }

    /**
     * Reads a tile. A log may delete a partial tile once the full one exists, so when a partial
     * tile is missing the full tile is read instead and its first hashes used (they are the same).
     */
    private List<byte[]> fetch(TileId id) {
        byte[] data = readOrNull(id);
        if (data != null) {
            return Tiles.decodeTile(id, data);
        }
        if (id.isPartial()) {
            byte[] full = readOrNull(id.full());
            if (full != null) {
                return Tiles.decodeTile(id.full(), full).subList(0, id.width());
            }
        }
        throw new LogException(LogException.MISSING_HASH, "tile " + id.path() + " is not available");
    }

    private byte[] readOrNull(TileResource resource) {
        try {
            return source.read(resource);
        } catch (LogException e) {
            if (e.code().equals(LogException.MISSING_HASH)) {
                return null;
            }
            throw e;
        }
    }
}
