package dev.wreg.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The reference for {@link ComponentCallBenchmark}'s echo figures: the least a 1 MiB round trip
 * through a guest's memory costs in plain Java, with no component, no guest code and no checks.
 * {@code bytesOneMiB} copies a {@code byte[]} into a 1 MiB "memory" and back out into a new array
 * (the two copies a {@code list<u8>} argument and result need); {@code stringOneMiB} encodes a
 * 1 MiB ASCII string to UTF-8, copies it in, copies it out and decodes it (what a {@code string}
 * argument and result need). MiB/s = ops/s. Run in the same JMH run as the echo benchmarks
 * ({@code 'ComponentCallBenchmark.echo|BulkCopyReferenceBenchmark'}), so both share the machine's
 * load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BulkCopyReferenceBenchmark {

    private static final int MIB = 1 << 20;

    private byte[] bytes;
    private String string;
    private byte[] memory;

    @Setup
    public void prepare() {
        bytes = new byte[MIB];
        new Random(16).nextBytes(bytes);
        string = "x".repeat(MIB);
        memory = new byte[2 * MIB];
    }

    @Benchmark
    public byte[] bytesOneMiB() {
        System.arraycopy(bytes, 0, memory, 1024, MIB);
        return Arrays.copyOfRange(memory, 1024, 1024 + MIB);
    }

    @Benchmark
    public String stringOneMiB() {
        byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(utf8, 0, memory, 1024, utf8.length);
        byte[] out = Arrays.copyOfRange(memory, 1024, 1024 + utf8.length);
        return new String(out, StandardCharsets.UTF_8);
    }
}
