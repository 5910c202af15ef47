package dev.wreg.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.cli.CliHarness;
import dev.wreg.testsupport.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeCommandTest {
    private static Path wasm() {
        return SharedData.require("fixtures/wasm");
    }

    private record Run(int exit, String out, String err) {}

    @TempDir
    static Path home;

    private static Run run(String... args) {
        CliHarness.Result r = new CliHarness(home).run(args);
        return new Run(r.exitCode(), r.stdout(), r.stderr());
    }

    private static String fixture(String name) {
        return wasm().resolve(name + ".wasm").toString();
    }

    @Test
    void plugsWritesTheResultAndReportsTheWiringAndTheSmokeRun(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.wasm");
        Run r = run(
                "compose",
                "plug",
                fixture("calc-consumer-1.0.0"),
                "--plug",
                fixture("calc-provider-1.1.0"),
                "-o",
                out.toString(),
                "--invoke",
                "run()",
                "--wit");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(out)).startsWith(0x00, 'a', 's', 'm');
        assertThat(r.out())
                .contains("socket example:calc/ops@1.0.0 <- plug:calc-provider-1.1.0 example:calc/ops@1.1.0")
                .contains("check validate: ok")
                .contains("run() = 42")
                .contains("export run: func() -> u32;");
    }

    @Test
    void aRefusedCompositionExitsNonZeroWithTheReasonOnOneLine(@TempDir Path tmp) {
        Run r = run(
                "compose",
                "plug",
                fixture("calc-consumer-1.1.0"),
                "--plug",
                fixture("calc-provider-1.0.0"),
                "-o",
                tmp.resolve("out.wasm").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .startsWith("wreg: composition refused: plug `plug:calc-provider-1.0.0`")
                .endsWith("instance is missing expected function export `mul`");
        assertThat(tmp.resolve("out.wasm")).doesNotExist();
    }

    @Test
    void notAComponentIsRefused(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("junk.wasm");
        Files.writeString(junk, "hello");
        Run r = run(
                "compose",
                "plug",
                junk.toString(),
                "--plug",
                fixture("greeter-upper"),
                "-o",
                tmp.resolve("o.wasm").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("`junk` is not a binary-encoded WebAssembly component");
    }
}
