package dev.wreg.bench;

import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.wasi.WasiHost;
import dev.wreg.engine.wasi.WasiRun;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A smoke run of the {@code hello} command in a warm JVM (issue 7): the reference run of
 * runs.json ({@code hello alpha "beta gamma"}, {@code WREG_GREETING=bonjour}), as the composer
 * smoke-runs a component before publishing. Sampled, so JMH prints the median (p0.50).
 *
 * <ul>
 *   <li>{@code instantiateAndRun}: the component was prepared before (as a registry keeps it);
 *       each run builds a WASI host, instantiates, calls {@code wasi:cli/run} on its own thread;
 *   <li>{@code decodeInstantiateAndRun}: from the bytes each time: decode and prepare (the core
 *       modules come from the digest cache), then as above.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SmokeRunBenchmark {

    @Param({"INTERPRETER"})
    public ExecutionPolicy engine;

    private byte[] bytes;
    private PreparedComponent component;

    @Setup
    public void prepare() {
        bytes = Fixtures.wasm("hello");
        component = PreparedComponent.fromBytes(bytes, engine);
    }

    private static WasiHost host() {
        return WasiHost.builder()
                .args("hello.wasm", "alpha", "beta gamma")
                .env("WREG_GREETING", "bonjour")
                .stdout(OutputStream.nullOutputStream())
                .build();
    }

    private static int check(int exit) {
        if (exit != 0) {
            throw new IllegalStateException("hello exited with " + exit);
        }
        return exit;
    }

    @Benchmark
    public int instantiateAndRun() {
        return check(WasiRun.run(component, host()));
    }

    @Benchmark
    public int decodeInstantiateAndRun() {
        return check(WasiRun.run(PreparedComponent.fromBytes(bytes, engine), host()));
    }
}
