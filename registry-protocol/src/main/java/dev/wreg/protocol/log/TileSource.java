package dev.wreg.protocol.log;

/** Where tiles and entry bundles are read from: a store, a directory, or HTTP. */
@FunctionalInterface
public interface TileSource {
    /**
     * The bytes of a tile or entry bundle.
     *
     * @throws LogException with code {@link LogException#MISSING_HASH} if it does not exist (a
     *     {@code null} answer is treated the same way)
     */
    byte[] read(TileResource resource);
}
