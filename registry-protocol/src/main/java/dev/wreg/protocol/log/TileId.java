package dev.wreg.protocol.log;

/**
 * A Merkle tree tile: {@code tile/<L>/<N>[.p/<W>]}. Hash i of tile N at level L is the root of the
 * complete subtree over leaves {@code [(N·256+i)·256^L, (N·256+i+1)·256^L)}.
 *
 * @param level the tile level, 0..63 (level 0 holds leaf hashes)
 * @param index the tile index within its level
 * @param width 256 for a full tile, 1..255 for a partial one
 */
public record TileId(int level, long index, int width) implements TileResource {
    /** Levels of the tree covered by one tile: 256 = 2^8 hashes. */
    public static final int HEIGHT = 8;

    public TileId {
        if (level < 0 || level > 63) {
            throw new LogException(LogException.MALFORMED_TILE, "tile level must be 0..63, got " + level);
        }
        TilePaths.checkIndexAndWidth(index, width);
    }

    /** The full tile at this position. */
    public TileId full() {
        return new TileId(level, index, FULL_WIDTH);
    }

    @Override
    public String path() {
        return "tile/" + level + "/" + TilePaths.encodeIndex(index) + TilePaths.widthSuffix(width);
    }

    @Override
    public String toString() {
        return path();
    }
}
