package dev.wreg.protocol.log;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** tlog-tiles arithmetic and the byte formats of tiles and entry bundles. */
public final class Tiles {
    /** Entries are prefixed by a uint16 length in bundles, so none can be larger. */
    public static final int MAX_ENTRY_SIZE = 0xffff;

    /** Tile levels that a tree of at most 2^63-1 leaves can have (256^8 = 2^64). */
    static final int MAX_LEVELS = 8;

    private Tiles() {}

    /** Number of node hashes stored at tile level {@code level} for a tree of {@code treeSize} leaves. */
    static long hashesAtLevel(int level, long treeSize) {
        int shift = level * TileId.HEIGHT;
        return shift >= 64 ? 0 : treeSize >>> shift;
    }

    /**
     * The width tile {@code index} at {@code level} has in a tree of {@code treeSize} leaves: 256 when
     * full, 1..255 for the rightmost partial tile, 0 when the tree has no such tile.
     */
    public static int width(int level, long index, long treeSize) {
        if (level < 0 || index < 0 || treeSize < 0) {
            return 0;
        }
        long count = hashesAtLevel(level, treeSize);
        long fullTiles = count / TileResource.FULL_WIDTH;
        if (index < fullTiles) {
            return TileResource.FULL_WIDTH;
        }
        return index == fullTiles ? (int) (count % TileResource.FULL_WIDTH) : 0;
    }

    /** The tile at {@code (level, index)} as it exists in a tree of {@code treeSize} leaves. */
    public static TileId tileAt(int level, long index, long treeSize) {
        int width = width(level, index, treeSize);
        if (width == 0) {
            throw new LogException(
                    LogException.MISSING_HASH,
                    "a tree of size " + treeSize + " has no tile " + index + " at level " + level);
        }
        return new TileId(level, index, width);
    }

    /**
     * The tiles and entry bundles a log writes when it grows from {@code oldSize} to {@code newSize}:
     * those that became full, and the new rightmost partial ones. For each level, tiles in order,
     * then the entry bundles.
     */
    public static List<TileResource> written(long oldSize, long newSize) {
        if (oldSize < 0 || newSize < oldSize) {
            throw new IllegalArgumentException("a log cannot grow from " + oldSize + " to " + newSize);
        }
        List<TileResource> out = new ArrayList<>();
        for (int level = 0; level < MAX_LEVELS; level++) {
            long oldCount = hashesAtLevel(level, oldSize);
            long newCount = hashesAtLevel(level, newSize);
            if (oldCount == newCount) {
                break;
            }
            for (long t = oldCount / TileResource.FULL_WIDTH; t * TileResource.FULL_WIDTH < newCount; t++) {
                out.add(tileAt(level, t, newSize));
            }
        }
        for (long t = oldSize / TileResource.FULL_WIDTH; t * TileResource.FULL_WIDTH < newSize; t++) {
            out.add(new EntryBundleId(t, width(0, t, newSize)));
        }
        return out;
    }

    /** Concatenated 32-byte hashes, as a tile is stored. */
    public static byte[] encodeTile(List<byte[]> hashes) {
        byte[] out = new byte[hashes.size() * MerkleHasher.HASH_SIZE];
        for (int i = 0; i < hashes.size(); i++) {
            byte[] hash = hashes.get(i);
            if (hash.length != MerkleHasher.HASH_SIZE) {
                throw new IllegalArgumentException("tile hashes are 32 bytes");
            }
            System.arraycopy(hash, 0, out, i * MerkleHasher.HASH_SIZE, MerkleHasher.HASH_SIZE);
        }
        return out;
    }

    /** The hashes of a tile, which must have exactly {@code tile.width()} of them. */
    public static List<byte[]> decodeTile(TileId tile, byte[] data) {
        if (data == null || data.length != tile.width() * MerkleHasher.HASH_SIZE) {
            throw new LogException(
                    LogException.MALFORMED_TILE,
                    "tile " + tile.path() + " must be " + tile.width() * MerkleHasher.HASH_SIZE + " bytes, got "
                            + (data == null ? "none" : data.length));
        }
        List<byte[]> hashes = new ArrayList<>(tile.width());
        for (int i = 0; i < tile.width(); i++) {
            hashes.add(Arrays.copyOfRange(data, i * MerkleHasher.HASH_SIZE, (i + 1) * MerkleHasher.HASH_SIZE));
        }
        return hashes;
    }

    /** Entries, each prefixed by its length as a big-endian uint16. */
    public static byte[] encodeBundle(List<byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] entry : entries) {
            checkEntry(entry);
            out.write(entry.length >>> 8);
            out.write(entry.length & 0xff);
            out.write(entry, 0, entry.length);
        }
        return out.toByteArray();
    }

    /** The entries of a bundle, which must hold exactly {@code bundle.width()} of them and nothing more. */
    public static List<byte[]> decodeBundle(EntryBundleId bundle, byte[] data) {
        if (data == null) {
            throw new LogException(LogException.MALFORMED_TILE, "entry bundle " + bundle.path() + " is missing");
        }
        List<byte[]> entries = new ArrayList<>(bundle.width());
        int at = 0;
        while (at < data.length) {
            if (entries.size() == bundle.width() || data.length - at < 2) {
                throw new LogException(
                        LogException.MALFORMED_TILE, "entry bundle " + bundle.path() + " has trailing bytes");
            }
            int length = ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
            at += 2;
            if (data.length - at < length) {
                throw new LogException(
                        LogException.MALFORMED_TILE, "entry bundle " + bundle.path() + " ends inside an entry");
            }
            entries.add(Arrays.copyOfRange(data, at, at + length));
            at += length;
        }
        if (entries.size() != bundle.width()) {
            throw new LogException(
                    LogException.MALFORMED_TILE,
                    "entry bundle " + bundle.path() + " holds " + entries.size() + " entries, expected "
                            + bundle.width());
        }
        return entries;
    }

    static void checkEntry(byte[] entry) {
        if (entry == null || entry.length > MAX_ENTRY_SIZE) {
            throw new LogException(
                    LogException.MALFORMED_ENTRY,
                    "log entries must be at most " + MAX_ENTRY_SIZE + " bytes, got "
                            + (entry == null ? "none" : entry.length));
        }
    }
}
