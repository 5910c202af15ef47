package dev.wreg.protocol.log;

import java.util.Base64;
import java.util.List;

/**
 * What integrating a batch of entries produced: the new size and root, and every tile and entry
 * bundle to store (newly full ones and the new rightmost partial ones).
 *
 * @param oldSize the size before the batch
 * @param newSize the size after the batch
 * @param rootHash the root at {@code newSize}
 * @param files the tiles and bundles to write, in the order of {@link Tiles#written(long, long)}
 */
public record TileBatch(long oldSize, long newSize, byte[] rootHash, List<TileFile> files) {
    public TileBatch {
        rootHash = rootHash.clone();
        files = List.copyOf(files);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The checkpoint for the new size. */
    public Checkpoint checkpoint(String origin) {
        return new Checkpoint(origin, newSize, rootHash);
    }

    @Override
    public String toString() {
        return "TileBatch[" + oldSize + " -> " + newSize + ", "
                + Base64.getEncoder().encodeToString(rootHash) + ", " + files.size() + " files]";
    }
}
