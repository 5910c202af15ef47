package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The components committed under {@code examples/} are valid and do what examples/README.md and
 * the walkthrough say, run by the real {@code ./wreg} on wreg's own engine; no registry needed.
 * The JavaScript example is not committed (12 MB): it is checked when {@code examples/build.sh}
 * has made it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesEndToEndTest {

    /** No committed file may exceed this (the repository rule); the examples stay far below. */
    private static final long COMMITTED_SIZE_LIMIT = 2L * 1024 * 1024;

    private Path root;
    private Path examples;
    private Path work;
    private WregRunner wreg;

    @BeforeAll
    void setUp() throws IOException {
        root = Path.of(System.getProperty("wreg.root")).toRealPath();
        examples = root.resolve("examples");
        work = Files.createTempDirectory("wreg-examples-");
        wreg = new WregRunner(root.resolve("wreg"), work, Map.of());
    }

    @AfterAll
    void deleteWork() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path example(String name) {
        return examples.resolve(name).resolve(name + ".wasm");
    }

    private WregRunner.Result ok(String... args) throws Exception {
        WregRunner.Result result = wreg.run(args);
        assertThat(result.exitCode())
                .as("wreg %s\n%s", String.join(" ", args), result)
                .isZero();
        return result;
    }

    @Test
    void committedComponentsAreSmallAndValid() throws Exception {
        List<Path> committed = List.of(example("hello"), example("shapes"), example("drawing"));
        for (Path wasm : committed) {
            assertThat(wasm).isRegularFile();
            assertThat(Files.size(wasm)).as(wasm.toString()).isLessThan(COMMITTED_SIZE_LIMIT);
        }
        WregRunner.Result validated = ok(
                "validate",
                committed.get(0).toString(),
                committed.get(1).toString(),
                committed.get(2).toString());
        assertThat(validated.stdout().lines().toList())
                .containsExactly(
                        committed.get(0) + ": valid", committed.get(1) + ": valid", committed.get(2) + ": valid");
    }

    @Test
    void helloGreetsItsArguments() throws Exception {
        Path hello = example("hello");
        assertThat(ok("run", hello.toString()).stdout()).isEqualTo("Hello, world!\n");
        assertThat(ok("run", hello.toString(), "--", "Ada", "Grace").stdout())
                .isEqualTo("Hello, Ada!\nHello, Grace!\n");
        assertThat(ok("run", hello.toString(), "--env", "GREETING=Bonjour", "--", "Ada")
                        .stdout())
                .isEqualTo("Bonjour, Ada!\n");
        // Without --env the guest sees no environment, whatever the host's is.
        WregRunner.Result empty = wreg.run("run", hello.toString(), "--", "Ada", "");
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(1);
        assertThat(empty.stdout()).isEqualTo("Hello, Ada!\n");
        assertThat(empty.stderr()).contains("hello: argument 2 is empty");
    }

    @Test
    void shapesLibraryAnswersAsDocumented() throws Exception {
        String shapes = example("shapes").toString();
        assertThat(ok("run", shapes, "--invoke", "area(rectangle({width: 3.0, height: 4.0}))")
                        .stdout()
                        .strip())
                .isEqualTo("12.0");
        assertThat(ok("run", shapes, "--invoke", "area(circle(1.0))").stdout().strip())
                .isEqualTo(String.valueOf(Math.PI));
        assertThat(ok("run", shapes, "--invoke", "scale(circle(2.0), 1.5)")
                        .stdout()
                        .strip())
                .isEqualTo("ok(circle(3.0))");
        assertThat(ok("run", shapes, "--invoke", "scale(rectangle({width: 1.0, height: 2.0}), 3.0)")
                        .stdout()
                        .strip())
                .isEqualTo("ok(rectangle({width: 3.0, height: 6.0}))");
        assertThat(ok("run", shapes, "--invoke", "scale(circle(1.0), -2.0)")
                        .stdout()
                        .strip())
                .isEqualTo("err(negative-factor)");
        assertThat(ok("run", shapes, "--invoke", "scale(circle(1.0), nan)")
                        .stdout()
                        .strip())
                .isEqualTo("err(not-finite)");

        String wit = ok("wit", shapes).stdout();
        assertThat(wit)
                .contains("export wreg-examples:shapes/geometry@0.1.0;")
                .contains("record size {")
                .contains("variant shape {")
                .contains("enum scale-error {")
                .contains("resource canvas {")
                .contains("scale: func(s: shape, factor: f64) -> result<shape, scale-error>;");
    }

    @Test
    void drawingComposesWithShapesByInterface() throws Exception {
        Path composed = work.resolve("drawing-composed.wasm");
        WregRunner.Result plug = ok(
                "compose",
                "plug",
                example("drawing").toString(),
                "--plug",
                example("shapes").toString(),
                "-o",
                composed.toString(),
                "--invoke",
                "run()");
        assertThat(plug.stdout())
                .contains("wreg-examples:shapes/geometry@0.1.0 <- plug:shapes wreg-examples:shapes/geometry@0.1.0")
                .contains("imports: (none)")
                .contains("run() = " + (13 + Math.PI));
        // The composed file stands alone: the canvas resource lives inside it now.
        assertThat(ok("run", composed.toString(), "--invoke", "run()").stdout().strip())
                .isEqualTo(String.valueOf(13 + Math.PI));
        // Alone, the consumer cannot run: its geometry import is open.
        WregRunner.Result alone = wreg.run("run", example("drawing").toString(), "--invoke", "run()");
        assertThat(alone.exitCode()).as(alone.toString()).isEqualTo(1);
        assertThat(alone.stderr()).contains("wreg-examples:shapes/geometry@0.1.0");
    }

    @Test
    void javascriptGreeterOnceBuilt() throws Exception {
        Path js = example("js-greeter");
        assumeTrue(
                Files.isRegularFile(js),
                "SKIPPED: examples/js-greeter/js-greeter.wasm is not built (not committed: 12 MB); examples/build.sh makes it");
        assertThat(ok("run", js.toString(), "--invoke", "greet(\"  ada \")")
                        .stdout()
                        .strip())
                .isEqualTo("\"Hello, Ada!\"");
        assertThat(ok("run", js.toString(), "--invoke", "greet(\"\")").stdout().strip())
                .isEqualTo("\"Hello, nobody!\"");
    }
}
