package dev.wreg.bench;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.wasi.WasiHost;
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
 * Instantiation time of a prepared component (issue 6): types-kitchen (one small hand-written
 * module) and greeter-js (componentize-js: StarlingMonkey, a 12 MB core module with large data
 * segments). Preparation (decode, Endive parse, compilation) happens once in the setup, as a
 * registry does it once per component; each operation builds a fresh deny-by-default WASI host
 * and instantiates, start functions included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InstantiationBenchmark {

    @Param({"types-kitchen", "greeter-js"})
    public String fixture;

    @Param({"INTERPRETER", "COMPILER"})
    public ExecutionPolicy engine;

    private PreparedComponent component;

    @Setup
    public void prepare() {
        component = PreparedComponent.fromBytes(Fixtures.wasm(fixture), engine);
    }

    @Benchmark
    public ComponentInstance instantiate() {
        return component.instantiate(WasiHost.builder().build().addTo(new Linker()));
    }
}
