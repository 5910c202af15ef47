package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.abi.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * WASI 0.3 commands built by our own encoder ({@link P3Components}), run by {@link WasiRun} on the
 * 0.3 host: stdio as streams, environment, clocks, and the hostile async guests — each ends at
 * its limit with a clear error, and no fiber (suspended task) outlives its run.
 */
class WasiP3Test {

    private static WasiHost.Builder host(ByteArrayOutputStream out) {
        return WasiHost.builder().stdout(out).limits(WasiHost.Limits.defaults().withTimeout(Duration.ofSeconds(20)));
    }

    @Test
    void echoCopiesStdinToStdoutThroughStreams() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WasiRun.Outcome o = WasiRun.runDetailed(
                PreparedComponent.fromBytes(P3Components.echo()),
                host(out).stdin("abc\nxyz\n".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(o.trap()).isNull();
        assertThat(o.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(P3Components.GREETING + "abc\nxyz\n");
        assertNoFibersLeft();
    }

    @Test
    void aMebibyteOfStdinArrivesIntactInChunks() {
        byte[] in = new byte[1 << 20];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (i * 31 + (i >> 11));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WasiRun.Outcome o = WasiRun.runDetailed(
                PreparedComponent.fromBytes(P3Components.echo()),
                host(out).stdin(in).build());
        assertThat(o.exitCode()).isZero();
        byte[] got = out.toByteArray();
        byte[] greeting = P3Components.GREETING.getBytes(StandardCharsets.UTF_8);
        assertThat(Arrays.copyOfRange(got, 0, greeting.length)).isEqualTo(greeting);
        assertThat(Arrays.copyOfRange(got, greeting.length, got.length)).isEqualTo(in);
    }

    @Test
    void emptyStdinEndsTheStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WasiRun.Outcome o = WasiRun.runDetailed(
                PreparedComponent.fromBytes(P3Components.echo()), host(out).build());
        assertThat(o.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(P3Components.GREETING);
    }

    @Test
    void outputBeyondTheBudgetIsTheOutputLimit() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WasiHost h = WasiHost.builder()
                .stdout(out)
                .stdin(new byte[100_000])
                .limits(WasiHost.Limits.defaults().withMaxOutputBytes(10_000))
                .build();
        assertThatThrownBy(() -> WasiRun.runDetailed(PreparedComponent.fromBytes(P3Components.echo()), h))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("output"));
        assertNoFibersLeft();
    }

    /**
     * The CLI's test runs this component from a committed copy (the CLI cannot see these test
     * classes); the copy must be exactly what the encoder builds today.
     */
    @Test
    void theCliCopyOfTheEchoCommandIsCurrent() throws Exception {
        Path copy = Path.of("../registry-cli/src/test/resources/dev/wreg/cli/run/wasi-p3-echo.wasm");
        if (Boolean.getBoolean("wreg.regenerate")) {
            Files.write(copy, P3Components.echo());
        }
        assumeTrue(Files.exists(copy), "registry-cli's wasi-p3-echo.wasm is not beside this module");
        assertThat(Files.readAllBytes(copy))
                .as("regenerate with -Dwreg.regenerate=true")
                .isEqualTo(P3Components.echo());
    }

    /** Waits for fibers of ended stores to unwind (they end asynchronously after their store closes). */
    static void assertNoFibersLeft() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Store.liveFibersInJvm() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(Store.liveFibersInJvm()).as("fibers still alive").isZero();
    }
}
