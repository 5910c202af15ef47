package dev.wreg.server.log;

import dev.wreg.protocol.log.EntryBundleId;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.TileFile;
import dev.wreg.protocol.log.TileId;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.protocol.log.TileSource;
import dev.wreg.server.blobs.BlobStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tiles and entry bundles in the blob store, under {@code log/<tlog-tiles path>}, and beside them
 * {@code log/checkpoint}: the last checkpoint the log signed. That copy lives apart from the
 * database on purpose: if the database loses its newest rows, the log still knows what it
 * promised, and never signs anything inconsistent with it ({@link LogRecovery}).
 */
@Component
public class LogTiles implements TileSource {

    private static final Logger log = LoggerFactory.getLogger(LogTiles.class);

    static final String PREFIX = "log/";
    static final String CHECKPOINT = PREFIX + "checkpoint";

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
     * Stores a tile or bundle, durably, before any checkpoint that covers it is signed. An existing
     * object with other bytes is either left over from an integration that never got signed (a
     * crash between writing tiles and signing): then no checkpoint references it and it is
     * replaced; or it is part of what the log signed up to {@code signedSize}: then the log's
     * history and its tiles disagree, and that must stop the sequencer rather than be papered over.
     */
    void write(TileFile file, long signedSize) {
        String key = PREFIX + file.path();
        store.putObject(key, file.data());
        byte[] stored = store.getObject(key).orElseThrow(() -> new IllegalStateException("tile " + key + " vanished"));
        if (Arrays.equals(stored, file.data())) {
            return;
        }
        if (coveredBy(file.resource(), signedSize)) {
            throw new IllegalStateException("tile " + key + " already exists with other bytes and is covered by the"
                    + " signed checkpoint of size " + signedSize + "; refusing to go on");
        }
        log.warn("replacing {}: written by an integration that was never signed", key);
        store.replaceObject(key, file.data());
    }

    /**
     * Stores several tiles and bundles as {@link #write} does, all at once: each is still durable
     * before this returns, but their writes and syncs overlap (the filesystem commits concurrent
     * syncs together, and an object store takes concurrent puts), so an integration waits for
     * about one sync instead of one per file.
     */
    void writeAll(List<TileFile> files, long signedSize) {
        if (files.size() == 1) {
            write(files.getFirst(), signedSize);
            return;
        }
        List<Future<?>> writes = new ArrayList<>(files.size());
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (TileFile file : files) {
                writes.add(writers.submit(() -> write(file, signedSize)));
            }
            for (Future<?> write : writes) {
                try {
                    write.get();
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case RuntimeException runtime -> throw runtime;
                        case Error error -> throw error;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LogUnavailableException("interrupted while storing the log's tiles; nothing was signed");
                }
            }
        }
    }

    /**
     * Whether a checkpoint of size {@code size} (or smaller) can reference this tile or bundle: the
     * leaves it spans end at {@code (index * 256 + width) * 256^level}.
     */
    static boolean coveredBy(TileResource resource, long size) {
        int level;
        long index;
        int width;
        switch (resource) {
            case TileId tile -> {
                level = tile.level();
                index = tile.index();
                width = tile.width();
            }
            case EntryBundleId bundle -> {
                level = 0;
                index = bundle.index();
                width = bundle.width();
            }
        }
        long end = index * TileResource.FULL_WIDTH + width;
        for (int i = 0; i < level; i++) {
            if (end > size) {
                return false;
            }
            end *= TileResource.FULL_WIDTH;
        }
        return end <= size;
    }

    /** The last signed checkpoint as kept beside the tiles, if any. */
    Optional<byte[]> signedCheckpoint() {
        return store.getObject(CHECKPOINT);
    }

    /** Records a newly signed checkpoint beside the tiles, durably, before anyone is shown it. */
    void saveSignedCheckpoint(byte[] note) {
        store.replaceObject(CHECKPOINT, note);
    }
}
