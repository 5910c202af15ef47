package dev.wreg.protocol.log;

/**
 * An entry bundle: {@code tile/entries/<N>[.p/<W>]}, the entries whose leaf hashes make up level-0
 * tile N, each prefixed by its length as a big-endian uint16.
 *
 * @param index the bundle index (the same as its level-0 tile)
 * @param width 256 for a full bundle, 1..255 for a partial one
 */
public record EntryBundleId(long index, int width) implements TileResource {
    public EntryBundleId {
        TilePaths.checkIndexAndWidth(index, width);
    }

    /** The level-0 tile that holds the leaf hashes of this bundle's entries. */
    public TileId tile() {
        return new TileId(0, index, width);
    }

    @Override
    public String path() {
        return "tile/entries/" + TilePaths.encodeIndex(index) + TilePaths.widthSuffix(width);
    }

    @Override
    public String toString() {
        return path();
    }
}
