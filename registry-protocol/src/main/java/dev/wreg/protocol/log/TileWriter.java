package dev.wreg.protocol.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the tiles and entry bundles of a log as entries are appended, in order. It keeps only the
 * right edge of the tree (the rightmost partial tile of each level and the rightmost partial bundle,
 * under 256 items each), so it can be resumed from a stored log with {@link #resume}.
 *
 * <p>Not thread-safe: a log has one sequencer.
 */
public final class TileWriter {
    private long size;
    /** Hashes of the rightmost, not yet full tile of each level. */
    private final List<List<byte[]>> partialTiles = new ArrayList<>();
    /** Entries of the rightmost, not yet full bundle. */
    private final List<byte[]> partialBundle = new ArrayList<>();

    private TileWriter() {}

    /** A writer for an empty log. */
    public static TileWriter create() {
        return new TileWriter();
    }

    /** A writer that continues a log of {@code size} entries, reading its partial tiles and bundle. */
    public static TileWriter resume(long size, TileSource source) {
        if (size < 0) {
            throw new IllegalArgumentException("negative log size " + size);
        }
        TileWriter writer = new TileWriter();
        writer.size = size;
        for (int level = 0; level < Tiles.MAX_LEVELS; level++) {
            long count = Tiles.hashesAtLevel(level, size);
            if (count == 0) {
                break;
            }
            List<byte[]> tile = writer.level(level);
            int width = (int) (count % TileResource.FULL_WIDTH);
            if (width > 0) {
                TileId id = new TileId(level, count / TileResource.FULL_WIDTH, width);
                tile.addAll(Tiles.decodeTile(id, source.read(id)));
            }
        }
        int bundleWidth = (int) (size % TileResource.FULL_WIDTH);
        if (bundleWidth > 0) {
            EntryBundleId id = new EntryBundleId(size / TileResource.FULL_WIDTH, bundleWidth);
            writer.partialBundle.addAll(Tiles.decodeBundle(id, source.read(id)));
        }
        return writer;
    }

    public long size() {
        return size;
    }

    /** The root of the log as written so far. */
    public byte[] rootHash() {
        MerkleHasher.CompactRange range = new MerkleHasher.CompactRange();
        for (int level = partialTiles.size() - 1; level >= 0; level--) {
            for (byte[] hash : partialTiles.get(level)) {
                range.push(hash, level * TileId.HEIGHT);
            }
        }
        return range.root();
    }

    /**
     * Appends entries (each at most 65535 bytes) and returns the tiles and bundles to store. Nothing
     * changes if an entry is refused.
     */
    public TileBatch append(Collection<byte[]> entries) {
        for (byte[] entry : entries) {
            Tiles.checkEntry(entry);
        }
        long oldSize = size;
        Map<TileResource, byte[]> files = new LinkedHashMap<>();
        List<TileFile> bundles = new ArrayList<>();
        boolean[] touched = new boolean[Tiles.MAX_LEVELS];
        for (byte[] entry : entries) {
            partialBundle.add(entry.clone());
            size++;
            addHash(0, MerkleHasher.leafHash(entry), files, touched);
            if (partialBundle.size() == TileResource.FULL_WIDTH) {
                EntryBundleId id = new EntryBundleId(size / TileResource.FULL_WIDTH - 1, TileResource.FULL_WIDTH);
                bundles.add(new TileFile(id, Tiles.encodeBundle(partialBundle)));
                partialBundle.clear();
            }
        }
        for (int level = 0; level < partialTiles.size(); level++) {
            List<byte[]> tile = partialTiles.get(level);
            if (touched[level] && !tile.isEmpty()) {
                long index = Tiles.hashesAtLevel(level, size) / TileResource.FULL_WIDTH;
                files.put(new TileId(level, index, tile.size()), Tiles.encodeTile(tile));
            }
        }
        if (size > oldSize && !partialBundle.isEmpty()) {
            EntryBundleId id = new EntryBundleId(size / TileResource.FULL_WIDTH, partialBundle.size());
            bundles.add(new TileFile(id, Tiles.encodeBundle(partialBundle)));
        }
        List<TileFile> out = new ArrayList<>();
        // Tiles level by level in index order (full ones were added as they filled up), then bundles.
        for (int level = 0; level < Tiles.MAX_LEVELS; level++) {
            for (Map.Entry<TileResource, byte[]> file : files.entrySet()) {
                if (file.getKey() instanceof TileId tile && tile.level() == level) {
                    out.add(new TileFile(tile, file.getValue()));
                }
            }
        }
        out.addAll(bundles);
        return new TileBatch(oldSize, size, rootHash(), out);
    }

    private void addHash(int level, byte[] hash, Map<TileResource, byte[]> files, boolean[] touched) {
        List<byte[]> tile = level(level);
        tile.add(hash);
        touched[level] = true;
        if (tile.size() == TileResource.FULL_WIDTH) {
            long index = Tiles.hashesAtLevel(level, size) / TileResource.FULL_WIDTH - 1;
            files.put(new TileId(level, index, TileResource.FULL_WIDTH), Tiles.encodeTile(tile));
            byte[] parent = MerkleHasher.completeSubtreeHash(tile);
            tile.clear();
            addHash(level + 1, parent, files, touched);
        }
    }

    private List<byte[]> level(int level) {
        while (partialTiles.size() <= level) {
            partialTiles.add(new ArrayList<>());
        }
        return partialTiles.get(level);
    }
}
