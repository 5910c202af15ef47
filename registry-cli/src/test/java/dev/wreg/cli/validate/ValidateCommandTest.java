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
    /** Well-formed but invalid: its second type, at offset 12, is a list of an unknown type. */
    private static final byte[] UNKNOWN_TYPE = {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 7, 4, 2, 0x79, 0x70, 7};

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
    void componentRuleErrorsReportTheirOffset(@TempDir Path dir) throws IOException {
        Path bad = Files.write(dir.resolve("unknown-type.wasm"), UNKNOWN_TYPE);
        Run json = run("validate", "--json", bad.toString());
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.out())
                .contains("\"valid\":false")
                .contains("unknown type")
                .contains("\"offset\":12");
        Run text = run("validate", bad.toString());
        assertThat(text.out()).contains("invalid: ").contains("(at offset 0xc)");
    }

    @Test
    void thousandsOfFilesInOneRun(@TempDir Path dir) throws IOException {
        List<String> args = new ArrayList<>(List.of("validate", "--json"));
        int files = 3000;
        for (int i = 0; i < files; i++) {
            byte[] content = i % 500 == 499 ? UNKNOWN_TYPE : i % 2 == 0 ? EMPTY_COMPONENT : EMPTY_MODULE;
            args.add(Files.write(dir.resolve("c" + i + ".wasm"), content).toString());
        }
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(files);
        assertThat(lines.stream().filter(l -> l.contains("\"valid\":false")))
                .hasSize(files / 500)
                .allMatch(l -> l.contains("\"offset\":12"));
        // Reported in argument order, one line per file.
        assertThat(lines.get(499)).contains("c499.wasm").contains("\"valid\":false");
        assertThat(lines.get(2999)).contains("c2999.wasm");
    }
}
