package dev.wreg.cli.log;

import dev.wreg.cli.CliException;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.EntryBundleId;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.TileBatch;
import dev.wreg.protocol.log.TileFile;
import dev.wreg.protocol.log.TileId;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.protocol.log.TileWriter;
import dev.wreg.protocol.log.Tiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Re-derives a whole log from its entry bundles, like Tessera's fsck: every tile the verified
 * checkpoint implies must be served byte for byte as recomputed, and the recomputed root must be
 * the checkpoint's.
 */
public final class LogAudit {

    /** What was checked. */
    public record Report(long entries, int tiles, int bundles) {}

    private LogAudit() {}

    public static Report audit(RegistryClient client, Checkpoint checkpoint) {
        long size = checkpoint.size();
        List<byte[]> entries = readEntries(client, size);
        int bundles = (int) ((size + TileResource.FULL_WIDTH - 1) / TileResource.FULL_WIDTH);
        TileBatch derived = derive(entries, checkpoint);
        int tiles = 0;
        for (TileFile file : derived.files()) {
            if (file.resource() instanceof TileId tile) {
                if (!Arrays.equals(fetch(client, tile), file.data())) {
                    throw CliException.integrity("tile " + tile.path() + " differs from the one its entries give");
                }
                tiles++;
            }
        }
        return new Report(size, tiles, bundles);
    }

    /**
     * Every entry of the log under {@code checkpoint}, read from the entry bundles and proven by
     * recomputing the checkpoint's root from them.
     */
    public static List<byte[]> entries(RegistryClient client, Checkpoint checkpoint) {
        List<byte[]> entries = readEntries(client, checkpoint.size());
        derive(entries, checkpoint);
        return entries;
    }

    private static List<byte[]> readEntries(RegistryClient client, long size) {
        List<byte[]> entries = new ArrayList<>();
        for (long index = 0; index * TileResource.FULL_WIDTH < size; index++) {
            int width = (int) Math.min(TileResource.FULL_WIDTH, size - index * TileResource.FULL_WIDTH);
            EntryBundleId id = new EntryBundleId(index, width);
            try {
                entries.addAll(Tiles.decodeBundle(id, fetch(client, id)));
            } catch (LogException e) {
                throw CliException.integrity("entry bundle " + id.path() + " is malformed: " + e.getMessage());
            }
        }
        return entries;
    }

    private static TileBatch derive(List<byte[]> entries, Checkpoint checkpoint) {
        TileBatch derived = TileWriter.create().append(entries);
        if (!Arrays.equals(derived.rootHash(), checkpoint.rootHash())) {
            throw CliException.integrity(
                    "the log's entries do not give the root of the checkpoint of size " + checkpoint.size());
        }
        return derived;
    }

    /** One entry, read from its bundle under a tree of {@code size}; the caller proves its inclusion. */
    public static byte[] entry(RegistryClient client, long index, long size) {
        long bundle = index / TileResource.FULL_WIDTH;
        int width = (int) Math.min(TileResource.FULL_WIDTH, size - bundle * TileResource.FULL_WIDTH);
        EntryBundleId id = new EntryBundleId(bundle, width);
        try {
            return Tiles.decodeBundle(id, fetch(client, id)).get((int) (index % TileResource.FULL_WIDTH));
        } catch (LogException e) {
            throw CliException.integrity("entry bundle " + id.path() + " is malformed: " + e.getMessage());
        }
    }

    private static byte[] fetch(RegistryClient client, TileResource resource) {
        return client.logResource(resource.path())
                .orElseThrow(() -> CliException.integrity(
                        "the log does not serve " + resource.path() + ", which its checkpoint implies"));
    }
}
