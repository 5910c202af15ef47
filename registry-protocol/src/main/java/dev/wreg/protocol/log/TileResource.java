package dev.wreg.protocol.log;

/**
 * A resource of the c2sp.org/tlog-tiles read API below the log prefix: a Merkle tree tile ({@link
 * TileId}) or an entry bundle ({@link EntryBundleId}). Both are immutable once written.
 */
public sealed interface TileResource permits TileId, EntryBundleId {
    /** Hashes (or entries) in a full tile (or bundle). */
    int FULL_WIDTH = 256;

    /** Index of the tile (or bundle) within its level. */
    long index();

    /** Number of hashes (or entries): 256 for a full one, 1..255 for a partial one. */
    int width();

    /** The path below the log prefix, such as {@code tile/0/x001/234.p/5}. */
    String path();

    default boolean isPartial() {
        return width() < FULL_WIDTH;
    }

    /** Parses a tile or entry bundle path, strictly (canonical numbers and index encoding). */
    static TileResource parse(String path) {
        return TilePaths.parse(path);
    }
}
