package dev.wreg.bench;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.wasi.WasiHost;
import dev.wreg.engine.wasi.WasiRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * WASI 0.3 streams and async calls against their 0.2 / synchronous counterparts, in the same run
 * (issue 17's benchmark):
 *
 * <ul>
 *   <li>{@code p3Stream100MiB}: 100 MiB host → guest → host through {@code stream<u8>}: the 0.3
 *       echo command reads stdin ({@code wasi:cli/stdin.read-via-stream}) 4096 bytes per {@code
 *       stream.read} and writes each chunk to stdout's stream. MiB/s = ops/s.
 *   <li>{@code p2Streams100MiB}: the same 100 MiB through {@code wasi:io/streams}: the 0.2 echo
 *       command's {@code blocking-read} of 4096 bytes and {@code blocking-write-and-flush}.
 *       MiB/s = ops/s.
 *   <li>{@code asyncCall}: a host call of {@code ping-async: async func(u32) -> u32} (lifted with
 *       a callback, answering by {@code task.return}); calls/s.
 *   <li>{@code syncCall}: the same function lifted synchronously; calls/s.
 * </ul>
 *
 * The components are hand-built by the engine's tests ({@code BenchComponents}, {@code
 * P3Components}), which keep the copies under {@code resources/dev/wreg/bench} current. Each
 * stream operation is a whole run (instantiation included, a few milliseconds against seconds
 * of copying); the output is counted, not kept, and checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
public class AsyncStreamBenchmark {
    static final int MIB = 100;

    private byte[] data;
    private PreparedComponent p3Echo;
    private PreparedComponent p2Echo;
    private ComponentInstance ping;
    private List<Val> pingArgs;
    private long expected;

    static byte[] resource(String name) {
        try (InputStream in = AsyncStreamBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing benchmark component " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Setup(Level.Trial)
    public void prepare() {
        data = new byte[MIB << 20];
        new Random(17).nextBytes(data);
        p3Echo = PreparedComponent.fromBytes(resource("wasi-p3-echo.wasm"));
        p2Echo = PreparedComponent.fromBytes(resource("wasi-p2-echo.wasm"));
        expected = data.length + "hello from wasi 0.3\n".length();
        ping = PreparedComponent.fromBytes(resource("p3-ping.wasm")).instantiate(new Linker());
        pingArgs = List.of(new Val.U32(42));
    }

    @TearDown(Level.Trial)
    public void close() {
        ping.close();
    }

    /** Counts what the guest writes; the run must write the greeting and every input byte. */
    private static final class Counter extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }

    private long copy(PreparedComponent component) {
        Counter out = new Counter();
        WasiHost host = WasiHost.builder()
                .stdin(data)
                .stdout(out)
                .limits(WasiHost.Limits.defaults()
                        .withTimeout(Duration.ofMinutes(10))
                        .withMaxOutputBytes(2L * data.length))
                .build();
        WasiRun.Outcome o = WasiRun.runDetailed(component, host);
        if (o.exitCode() != 0 || out.n != expected) {
            throw new IllegalStateException("the echo run failed: exit " + o.exitCode() + ", " + out.n + " of "
                    + expected + " bytes, trap " + o.trap());
        }
        return out.n;
    }

    @Benchmark
    @OperationsPerInvocation(MIB)
    public long p3Stream100MiB() {
        return copy(p3Echo);
    }

    @Benchmark
    @OperationsPerInvocation(MIB)
    public long p2Streams100MiB() {
        return copy(p2Echo);
    }

    @Benchmark
    public List<Val> asyncCall() {
        return ping.call("ping-async", pingArgs);
    }

    @Benchmark
    public List<Val> syncCall() {
        return ping.call("ping-sync", pingArgs);
    }
}
