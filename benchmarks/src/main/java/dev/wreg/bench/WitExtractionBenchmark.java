package dev.wreg.bench;

import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.component.ComponentWit;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
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
 * Decode a component and print its WIT, as {@code wreg wit} does, on the largest fixtures.
 * bench/wit-bench.sh runs it next to jco's {@code componentWit} on the same files and prints the
 * ratio. The fixtures folder comes from {@code -Dwreg.shared=…}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WitExtractionBenchmark {

    @Param({"greeter-js.wasm", "hello-js.wasm", "cat-file.wasm"})
    public String fixture;

    private byte[] bytes;

    @Setup
    public void load() throws IOException {
        bytes = Files.readAllBytes(SharedData.locate("fixtures/wasm/" + fixture));
    }

    @Benchmark
    public String decodeAndPrintWit() {
        ComponentWit.Decoded decoded = ComponentWit.decode(bytes);
        List<PackageId> others = new ArrayList<>();
        for (int i = 0; i < decoded.resolve().packages().size(); i++) {
            if (i != decoded.main().index()) {
                others.add(new PackageId(i));
            }
        }
        return WitPrinter.print(decoded.resolve(), decoded.main(), others, true);
    }
}
