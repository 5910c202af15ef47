package dev.wreg.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.cli.CliHarness;
import dev.wreg.testsupport.HostileComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, defect 2, in the CLI: {@code wreg compose plan.wac --invoke 'run()'} on a component
 * that loops forever used to never end. Now the smoke run stops at its limit, the report and one
 * line on stderr name it, and the command exits 1. ({@code @Timeout} makes the old hang a failure.)
 */
@Timeout(180)
class ComposeSmokeRunLimitsTest {

    @TempDir
    static Path home;

    private static CliHarness.Result compose(Path tmp, byte[] guest, String... limits) throws Exception {
        Path wasm = tmp.resolve("guest.wasm");
        Files.write(wasm, guest);
        Path plan = tmp.resolve("hostile.wac");
        Files.writeString(plan, "package demo:hostile;\nlet h = new demo:guest {};\nexport h...;\n");
        String[] base = {
            "compose",
            plan.toString(),
            "--dep",
            "demo:guest=" + wasm,
            "-o",
            tmp.resolve("out.wasm").toString(),
            "--invoke",
            "run()"
        };
        String[] args = new String[base.length + limits.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(limits, 0, args, base.length, limits.length);
        return new CliHarness(home).run(args);
    }

    @Test
    void aLoopingComponentIsStoppedAtTheTimeout(@TempDir Path tmp) throws Exception {
        CliHarness.Result r = compose(tmp, HostileComponents.infiniteLoop(), "--timeout", "1s");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).contains("run() = error: limit `timeout` exceeded");
        assertThat(r.stderr().strip())
                .isEqualTo("wreg: warning: the smoke run was stopped at its `timeout` limit"
                        + " (raise it with --timeout)");
    }

    @Test
    void aMemoryBombIsStoppedAtTheMemoryLimit(@TempDir Path tmp) throws Exception {
        CliHarness.Result r = compose(tmp, HostileComponents.memoryBomb(), "--max-memory", "8M");

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).contains("run() = error: limit `memory` exceeded");
        assertThat(r.stderr()).contains("stopped at its `memory` limit (raise it with --max-memory)");
    }

    @Test
    void theDefaultLimitsStopALoopToo(@TempDir Path tmp) throws Exception {
        CliHarness.Result r = compose(tmp, HostileComponents.infiniteLoop());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).contains("limit `timeout` exceeded: the run took longer than PT10S");
    }
}
