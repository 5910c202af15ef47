package dev.wreg.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.cli.CliEnvironment;
import dev.wreg.cli.Wreg;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wreg run} of a WASI 0.3 command: {@code wasi-p3-echo.wasm} (built by wasm-engine's
 * {@code P3Components.echo()}, which its {@code WasiP3Test} checks byte for byte) exports {@code
 * wasi:cli/run@0.3.0} and imports 0.3.0 stdin and stdout, which are {@code stream<u8>}s. The run
 * validates it (async is on by default), links the 0.3 host next to the 0.2 one, and drives the
 * async task to its end.
 */
class RunWasiP3Test {

    @TempDir
    Path home;

    @Test
    void runsAWasiP3CommandWithStdinAndStdoutAsStreams() throws Exception {
        Run r = run("run", echo().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("hello from wasi 0.3\npiped through a stream\n", r.out());
    }

    /** Gated async features are turned on as {@code wreg validate --features} takes them. */
    @Test
    void featuresAreTheValidatorsAndABadOneIsAUsageError() throws Exception {
        Run on = run("run", "--features", "cm-async-stackful,cm-error-context", echo().toString());
        assertEquals(0, on.code(), on.err());
        assertEquals("hello from wasi 0.3\npiped through a stream\n", on.out());

        Run bad = run("run", "--features", "no-such-feature", echo().toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("wreg: --features: "), bad.err());
        assertEquals("", bad.out());
    }

    private Path echo() throws Exception {
        Path wasm = home.resolve("wasi-p3-echo.wasm");
        try (InputStream in = RunWasiP3Test.class.getResourceAsStream("wasi-p3-echo.wasm")) {
            assertNotNull(in, "wasi-p3-echo.wasm is missing from the test resources");
            Files.write(wasm, in.readAllBytes());
        }
        return wasm;
    }

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = new CliEnvironment(
                Map.of("HOME", home.toString()),
                new ByteArrayInputStream("piped through a stream\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                home,
                false);
        int code = Wreg.run(env, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
