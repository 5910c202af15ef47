package dev.wreg.cli;

import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.Ed25519NoteSigner;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TileFile;
import dev.wreg.protocol.log.TileHashReader;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.protocol.log.TileWriter;
import dev.wreg.protocol.log.TlogProof;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory transparency log for the fake registry, built with the protocol library: every
 * append is integrated at once and a checkpoint is signed for every size, as the real server does.
 */
final class FakeLog {

    final Ed25519NoteSigner signer;
    private final TileWriter writer = TileWriter.create();
    private final Map<String, byte[]> tiles = new ConcurrentHashMap<>();
    private final Map<Long, byte[]> notes = new ConcurrentHashMap<>();

    FakeLog(Ed25519NoteSigner signer) {
        this.signer = signer;
        notes.put(
                0L,
                new Checkpoint(signer.keyName(), 0, writer.rootHash())
                        .sign(signer)
                        .toBytes());
    }

    synchronized long append(byte[] entry) {
        long index = writer.size();
        for (TileFile file : writer.append(List.of(entry)).files()) {
            tiles.putIfAbsent(file.path(), file.data());
        }
        notes.put(
                writer.size(),
                new Checkpoint(signer.keyName(), writer.size(), writer.rootHash())
                        .sign(signer)
                        .toBytes());
        return index;
    }

    synchronized long size() {
        return writer.size();
    }

    byte[] note(long size) {
        return notes.get(size);
    }

    byte[] latestNote() {
        return notes.get(size());
    }

    Optional<byte[]> tile(String path) {
        return Optional.ofNullable(tiles.get(path));
    }

    private byte[] read(TileResource resource) {
        byte[] data = tiles.get(resource.path());
        if (data == null) {
            throw new LogException(LogException.MISSING_HASH, "no " + resource.path());
        }
        return data;
    }

    Optional<byte[]> inclusion(long index, long size) {
        byte[] note = notes.get(size);
        if (note == null || index < 0 || index >= size) {
            return Optional.empty();
        }
        return Optional.of(TlogProof.create(index, note, new TileHashReader(size, this::read), null)
                .toBytes());
    }

    Optional<List<byte[]>> consistency(long old, long size) {
        if (!notes.containsKey(size) || old < 0 || old > size) {
            return Optional.empty();
        }
        if (old == 0 || old == size) {
            return Optional.of(List.of());
        }
        return Optional.of(MerkleProofs.consistencyProof(old, size, new TileHashReader(size, this::read)));
    }
}
