package dev.wreg.bench;

import dev.wreg.protocol.log.Checkpoint;
import dev.wreg.protocol.log.Ed25519NoteSigner;
import dev.wreg.protocol.log.EntryBundleId;
import dev.wreg.protocol.log.LogException;
import dev.wreg.protocol.log.MerkleProofs;
import dev.wreg.protocol.log.TileBatch;
import dev.wreg.protocol.log.TileFile;
import dev.wreg.protocol.log.TileHashReader;
import dev.wreg.protocol.log.TileId;
import dev.wreg.protocol.log.TileResource;
import dev.wreg.protocol.log.TileWriter;
import dev.wreg.protocol.log.TlogProof;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The transparency log's costs (issue 5 benchmark), on a log of {@code size} entries built in
 * memory with the same tile writer the sequencer uses:
 *
 * <ul>
 *   <li>{@code inclusionProof}, {@code consistencyProof}: generating a proof from the tiles at a
 *       random index / old size (target ≤ 1 ms at 10^6 entries). Tiles come from memory, so the
 *       figure is the hashing and tile maths, not the blob store's reads.
 *   <li>{@code integrate}: the tile writer's integration throughput, entries per second, in
 *       batches of {@value #BATCH} entries of {@value #ENTRY_BYTES} bytes (a typical envelope).
 *   <li>{@code checkpointForOnePublish}: what a synchronous publish adds in CPU: append one entry
 *       to the big log (resuming from its tiles), sign the checkpoint (Ed25519) and build the
 *       tlog-proof the publish answer carries. Run in sample mode for p50/p99.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogBenchmark {

    static final int BATCH = 1024;
    static final int ENTRY_BYTES = 600;

    @Param({"1000000"})
    long size;

    private Map<TileResource, byte[]> tiles;
    private TileHashReader reader;
    private Ed25519NoteSigner signer;
    private long growing;
    private List<byte[]> batch;
    private TileWriter writer;

    private static byte[] entry(long index) {
        byte[] entry = new byte[ENTRY_BYTES];
        ByteBuffer.wrap(entry).putLong(index);
        return entry;
    }

    @Setup(Level.Trial)
    public void buildLog() {
        tiles = new HashMap<>();
        TileWriter builder = TileWriter.create();
        List<byte[]> chunk = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            chunk.add(entry(i));
            if (chunk.size() == 65_536 || i == size - 1) {
                keepTiles(builder.append(chunk));
                chunk.clear();
            }
        }
        reader = new TileHashReader(size, this::read);
        signer = Ed25519NoteSigner.generate("bench.wreg.dev/log");
        growing = size;
        batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(entry(size + i));
        }
    }

    /** The partial tile or bundle kept for each position, replaced when a wider one is written. */
    private final Map<String, TileResource> partials = new HashMap<>();

    /**
     * Keeps what proofs and a resumed writer read: every tile, and only the partial entry bundle
     * of the right edge (full bundles are never read again; keeping them all would take 600 MB).
     * Narrower partial tiles are dropped, so memory stays bounded over many one-entry integrations.
     */
    private void keepTiles(TileBatch written) {
        for (TileFile file : written.files()) {
            String position;
            int width;
            if (file.resource() instanceof TileId id) {
                position = "tile/" + id.level() + "/" + id.index();
                width = id.width();
            } else if (file.resource() instanceof EntryBundleId id) {
                position = "bundle/" + id.index();
                width = id.width();
                if (width == TileResource.FULL_WIDTH) {
                    TileResource previous = partials.remove(position);
                    if (previous != null) {
                        tiles.remove(previous);
                    }
                    continue;
                }
            } else {
                continue;
            }
            tiles.put(file.resource(), file.data());
            TileResource previous = width < TileResource.FULL_WIDTH
                    ? partials.put(position, file.resource())
                    : partials.remove(position);
            if (previous != null && !previous.equals(file.resource())) {
                tiles.remove(previous);
            }
        }
    }

    private byte[] read(TileResource resource) {
        byte[] data = tiles.get(resource);
        if (data == null) {
            throw new LogException(LogException.MISSING_HASH, "no " + resource.path());
        }
        return data;
    }

    @Setup(Level.Iteration)
    public void freshWriter() {
        writer = TileWriter.create();
    }

    @Benchmark
    public List<byte[]> inclusionProof() {
        long index = ThreadLocalRandom.current().nextLong(size);
        return MerkleProofs.inclusionProof(index, size, reader);
    }

    @Benchmark
    public List<byte[]> consistencyProof() {
        long old = 1 + ThreadLocalRandom.current().nextLong(size - 1);
        return MerkleProofs.consistencyProof(old, size, reader);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public TileBatch integrate() {
        return writer.append(batch);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public byte[] checkpointForOnePublish() {
        // Resume from the stored right edge as the sequencer does, integrate one entry, sign, prove.
        TileWriter resumed = TileWriter.resume(growing, this::read);
        TileBatch written = resumed.append(List.of(entry(growing)));
        keepTiles(written);
        growing = written.newSize();
        Checkpoint checkpoint = written.checkpoint(signer.keyName());
        byte[] note = checkpoint.sign(signer).toBytes();
        return TlogProof.create(growing - 1, note, new TileHashReader(growing, this::read), null)
                .toBytes();
    }
}
