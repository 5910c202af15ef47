package dev.wreg.composer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.wave.Wave;
import dev.wreg.engine.wasi.WasiHost;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The calls.json {@code plugs} entries whose plug is greeter-js: the composition keeps greeter-js'
 * WASI imports open, so the pipeline's capability-free smoke run cannot run it; here the engine
 * runs it with a default WASI host (as {@code wreg run} would) and gets the recorded value.
 */
class WasiPlugEngineTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            greeter-socket | greeter-js                 | "Hello, wreg!"
            greeter-socket | greeter-exclaim greeter-js | "Hello, wreg!!"
            """)
    void runsUnderTheEngineWithAWasiHost(String socket, String plugs, String expected) {
        var r = FixtureCompositionTest.plug(socket, true, plugs.split(" "));
        assertThat(r.report().smokeRun().possible()).isFalse();
        Linker linker = WasiHost.builder().deterministic(1).build().addTo(new Linker());
        ComponentInstance instance = PreparedComponent.fromBytes(r.bytes()).instantiate(linker);
        String run = instance.resolve("run").orElseThrow();
        List<Val> out = instance.call(run, List.of());
        assertThat(Wave.print(out.getFirst(), instance.type(run).result())).isEqualTo(expected);
    }
}
