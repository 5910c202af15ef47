package dev.wreg.server.log;

import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.TileFile;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.protocol.log.TileSource;
import dev.wreg.server.blobs.BlobStore;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Tiles and entry bundles in the blob store, under {@code log/<tlog-tiles path>}, written once. */
@Component
public class LogTiles implements TileSource {

    static final String PREFIX = "log/";

    private final BlobStore store;

    public LogTiles(BlobStore store) {
        this.store = store;
    }

    public Optional<byte[]> find(TileResource resource) {
        return store.getObject(PREFIX + resource.path());
    }

    @Override
    public byte[] read(TileResource resource) {
        return find(resource)
                .orElseThrow(() -> new LogException(LogException.MISSING_HASH, "the log has no " + resource.path()));
    }

    /**
     * Stores a tile or bundle if absent. An existing object with other bytes means the log's history
     * and its tiles disagree; that must stop the sequencer rather than be papered over.
     */
    void write(TileFile file) {
        String key = PREFIX + file.path();
        store.putObject(key, file.data());
        byte[] stored = store.getObject(key).orElseThrow(() -> new IllegalStateException("tile " + key + " vanished"));
        if (!Arrays.equals(stored, file.data())) {
            throw new IllegalStateException("tile " + key + " already exists with other bytes; refusing to go on");
        }
    }
}
