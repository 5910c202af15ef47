package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The components the benchmarks module measures (the stream and call benchmark of issue 17) do
 * what the benchmark assumes, and its copies of them are what the encoder builds today ({@code
 * -Dwreg.regenerate=true} rewrites them).
 */
class BenchComponentsTest {
    private static final Path BENCH = Path.of("../benchmarks/src/main/resources/dev/wreg/bench");

    @Test
    void theP2EchoCopiesStdinToStdoutLikeTheP3One() {
        byte[] in = new byte[100_000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (i * 13 + (i >> 10));
        }
        for (byte[] component : List.of(BenchComponents.p2Echo(), P3Components.echo())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            WasiRun.Outcome o = WasiRun.runDetailed(
                    PreparedComponent.fromBytes(component),
                    WasiHost.builder().stdin(in).stdout(out).build());
            assertThat(o.trap()).isNull();
            assertThat(o.exitCode()).isZero();
            byte[] greeting = P3Components.GREETING.getBytes(StandardCharsets.UTF_8);
            byte[] expected = new byte[greeting.length + in.length];
            System.arraycopy(greeting, 0, expected, 0, greeting.length);
            System.arraycopy(in, 0, expected, greeting.length, in.length);
            assertThat(out.toByteArray()).isEqualTo(expected);
        }
    }

    @Test
    void pingAnswersBothWays() {
        ComponentInstance ping =
                PreparedComponent.fromBytes(BenchComponents.ping()).instantiate(new Linker());
        for (int i = 0; i < 3; i++) {
            assertThat(ping.call("ping-async", List.of(new Val.U32(40 + i)))).containsExactly(new Val.U32(40 + i));
            assertThat(ping.call("ping-sync", List.of(new Val.U32(7 + i)))).containsExactly(new Val.U32(7 + i));
        }
        ping.close();
        WasiP3Test.assertNoFibersLeft();
    }

    @Test
    void theBenchmarksCopiesAreCurrent() throws Exception {
        assumeTrue(Files.isDirectory(BENCH), "the benchmarks module is not beside this module");
        check("wasi-p3-echo.wasm", P3Components::echo);
        check("wasi-p2-echo.wasm", BenchComponents::p2Echo);
        check("p3-ping.wasm", BenchComponents::ping);
    }

    private static void check(String name, Supplier<byte[]> build) throws Exception {
        Path copy = BENCH.resolve(name);
        if (Boolean.getBoolean("wreg.regenerate")) {
            Files.write(copy, build.get());
        }
        assertThat(copy).as(name + ": regenerate with -Dwreg.regenerate=true").exists();
        assertThat(Files.readAllBytes(copy))
                .as(name + ": regenerate with -Dwreg.regenerate=true")
                .isEqualTo(build.get());
    }
}
