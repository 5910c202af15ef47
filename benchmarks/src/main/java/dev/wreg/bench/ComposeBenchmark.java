package dev.wreg.bench;

import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.encode.GraphEncoder;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.composer.plug.Plugger;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.testsupport.SharedData;
import dev.wreg.validator.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The composer's cost (issue 8, target ≤ 100 ms): decode the inputs, plug a socket with two plugs
 * (greeter-socket ← greeter-exclaim ← greeter-upper, transitive), encode and validate the result.
 * The smoke run (instantiate on the engine with no host capabilities and call {@code run()}) is
 * measured apart. The fixtures folder comes from {@code -Dwreg.shared=…}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ComposeBenchmark {
    private ComposeInput socket;
    private List<ComposeInput> plugs;
    private byte[] composed;

    @Setup
    public void load() throws IOException {
        socket = input("greeter-socket");
        plugs = List.of(input("greeter-exclaim"), input("greeter-upper"));
        composed = composeEncodeValidate();
    }

    private static ComposeInput input(String name) throws IOException {
        return new ComposeInput(name, Files.readAllBytes(SharedData.locate("fixtures/wasm/" + name + ".wasm")));
    }

    @Benchmark
    public byte[] composeEncodeValidate() {
        LoadedPackage s = LoadedPackage.load(socket, LoadedPackage.DEFAULT_MAX_BYTES);
        List<LoadedPackage> p = plugs.stream()
                .map(x -> LoadedPackage.load(x, LoadedPackage.DEFAULT_MAX_BYTES))
                .toList();
        byte[] bytes = GraphEncoder.encode(Plugger.plug(s, p, true).graph()).bytes();
        if (!Validator.validate(bytes).isValid()) {
            throw new IllegalStateException("the composition does not validate");
        }
        return bytes;
    }

    @Benchmark
    public List<Val> smokeRun() {
        ComponentInstance instance = PreparedComponent.fromBytes(composed).instantiate(new Linker());
        String run = instance.resolve("run").orElseThrow();
        return instance.call(run, List.of());
    }
}
