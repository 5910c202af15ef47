package dev.wreg.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.cli.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    private static final byte[] EMPTY_COMPONENT = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
    private static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};
    private static final byte[] BAD = {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 7, 5, 1};

    record Run(int exit, String out) {}

    private static Run run(String... args) {
        CliHarness.Result result = new CliHarness(Path.of(System.getProperty("java.io.tmpdir"))).run(args);
        return new Run(result.exitCode(), result.stdout());
    }

    @Test
    void exitCodesAndJsonLines(@TempDir Path dir) throws IOException {
        Path good = Files.write(dir.resolve("good.wasm"), EMPTY_COMPONENT);
        Path module = Files.write(dir.resolve("module.wasm"), EMPTY_MODULE);
        Path bad = Files.write(dir.resolve("bad.wasm"), BAD);
        assertThat(run("validate", good.toString(), module.toString()).exit()).isZero();
        Run r = run("validate", "--json", good.toString(), bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("\"valid\":true").contains("\"message\":null");
        assertThat(lines[1]).contains("\"valid\":false").contains("\"offset\":");
        assertThat(run("validate", "--features", "no-such-feature", good.toString())
                        .exit())
                .isEqualTo(2);
        assertThat(run("validate").exit()).isEqualTo(2);
    }

    @Test
    void thousandsOfFilesInOneRun(@TempDir Path dir) throws IOException {
        List<String> args = new ArrayList<>(List.of("validate", "--json"));
        for (int i = 0; i < 3000; i++) {
            args.add(
                    Files.write(dir.resolve("c" + i + ".wasm"), EMPTY_COMPONENT).toString());
        }
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().count()).isEqualTo(3000);
    }
}
