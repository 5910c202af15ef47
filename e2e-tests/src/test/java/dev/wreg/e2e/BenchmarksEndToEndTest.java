package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.Jco;
import dev.wreg.testsupport.Prerequisites;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/benchmarks.md as a user runs it, at the smallest sizes: every {@code sh} block of the page,
 * in order, in the repository (the scripts use the built jars beside them) with
 * {@code WREG_BENCH_QUICK=1}, so that each benchmark script is shown to start, measure and print its
 * figure lines; then {@code bench/all.sh --table} over what they printed. The figures themselves
 * are not checked (a loaded machine says nothing about them); a script that fails, prints no
 * figure line, or prints a figure that is not a number fails the test. Also the table's ratios and
 * verdicts on sample lines.
 */
class BenchmarksEndToEndTest {

    static final String PAGE = "docs/benchmarks.md";
    /** Set by .ci/run: without the tools the benchmarks need the test fails instead of skipping. */
    static final String REQUIRED = "wreg.bench.required";

    private static final List<String> TOOLS = List.of("wrk", "nginx", "curl", "python3", "perl", "node");
    private static final Pattern BENCHMARK_LIST = Pattern.compile("(?m)^benchmarks=\\(([^)]*)\\)$");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private static Path root() throws IOException {
        return Path.of(System.getProperty("wreg.root")).toRealPath();
    }

    @Test
    void theTableHasTheRatioTheTargetAndWhetherItIsMet(@TempDir Path dir) throws Exception {
        Path lines = Files.writeString(dir.resolve("out.txt"), """
                === bench/registry-bench.sh
                metadata GET: 3605.24 req/s (prose the table ignores)
                figure|metadata GET req/s|3605.24|-|req/s|>= 3000
                figure|metadata GET p99|70.54|-|ms|<= 20
                figure|10 MB blob GET (reference nginx)|890.9|1372.2|MB/s|ratio >= 0.9
                figure|WIT extraction (reference jco)|2.0|4.0|ms/op|ratio < 1
                figure|wreg run, cold (reference jco run)|nan|100|ms|ratio <= 1.0
                figure|peak RSS (reference: old settings)|512|900|MiB|-
                failed|bench/oci-bench.sh|2
                """);
        Result table = bash(root(), Map.of(), "bench/all.sh", "--table", lines.toString());
        assertThat(table.exit()).as(table.output()).isZero();
        assertThat(table.output().lines().toList())
                .containsExactly(
                        "| figure | wreg | reference | ratio | unit | target | met |",
                        "|---|---|---|---|---|---|---|",
                        "| metadata GET req/s | 3605.24 | — | — | req/s | >= 3000 | yes |",
                        "| metadata GET p99 | 70.54 | — | — | ms | <= 20 | **no** |",
                        "| 10 MB blob GET (reference nginx) | 890.9 | 1372.2 | 0.65 | MB/s | ratio >= 0.9 | **no** |",
                        "| WIT extraction (reference jco) | 2.0 | 4.0 | 0.50 | ms/op | ratio < 1 | yes |",
                        "| wreg run, cold (reference jco run) | n/a (nan) | 100 | — | ms | ratio <= 1.0 | n/a |",
                        "| peak RSS (reference: old settings) | 512 | 900 | 0.57 | MiB | — | — |",
                        "| bench/oci-bench.sh | **failed** (exit 2) | | | | | **no** |");

        Result none = bash(
                root(),
                Map.of(),
                "bench/all.sh",
                "--table",
                Files.writeString(dir.resolve("none"), "x\n").toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.output()).contains("bench: no figure lines");

        Result unknown = bash(root(), Map.of("WREG_BENCH_ONLY", "nosuch"), "bench/all.sh");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("bench: no benchmark named nosuch");
    }

    /**
     * Runs every benchmark at its smallest sizes. That still starts the server a dozen times and
     * takes several minutes on two cores, so a plain {@code ./mvnw verify} runs it only when asked
     * for ({@code -Dwreg.bench.docs=true}); {@code .ci/run} asks for it, so CI runs every command of
     * the page.
     */
    @Test
    @EnabledIfSystemProperty(
            named = "wreg.bench.docs",
            matches = "true",
            disabledReason = "docs/benchmarks.md's commands run with -Dwreg.bench.docs=true (as .ci/run sets; minutes)")
    void everyCommandOfTheBenchmarksPageRunsAtItsSmallestSizes(@TempDir Path dir) throws Exception {
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                throw Prerequisites.missing(
                        REQUIRED,
                        "the benchmarks' " + tool + " is not installed (apt-get install wrk nginx-light curl"
                                + " python3 perl nodejs)");
            }
        }
        SharedData.require("fixtures/wasm");
        Path shared = SharedData.dir();
        // WREG_JCO is DIR/node_modules/.bin/jco; the scripts want DIR.
        Path jcoDir = Jco.require().toAbsolutePath().getParent().getParent().getParent();
        assertThat(jcoDir.resolve("node_modules/@bytecodealliance/jco"))
                .as("jco's folder, from WREG_JCO")
                .isDirectory();
        Path root = root();
        assertThat(root.resolve("benchmarks/target/wreg-benchmarks.jar"))
                .as("the benchmarks jar (the reactor packages the benchmarks module before e2e-tests)")
                .isRegularFile();

        List<String> text = Files.readAllLines(root.resolve(PAGE), StandardCharsets.UTF_8);
        List<DocsEndToEndTest.Block> blocks = DocsEndToEndTest.blocksOf(PAGE, text);
        List<DocsEndToEndTest.Block> runnable =
                blocks.stream().filter(DocsEndToEndTest.Block::runs).toList();
        String commands = String.join(
                "\n", runnable.stream().flatMap(b -> b.lines().stream()).toList());

        // The page runs every benchmark bench/all.sh knows, and all.sh itself.
        String all = Files.readString(root.resolve("bench/all.sh"));
        Matcher list = BENCHMARK_LIST.matcher(all);
        assertThat(list.find()).as("bench/all.sh names its benchmarks").isTrue();
        for (String name : list.group(1).trim().split("\\s+")) {
            assertThat(commands)
                    .as("docs/benchmarks.md runs bench/all.sh's benchmark " + name)
                    .containsAnyOf("bench/" + name + "-bench.sh", "bench/" + name + ".sh");
        }
        assertThat(commands).contains("bench/all.sh");

        Path script = Files.writeString(dir.resolve("benchmarks.sh"), DocsEndToEndTest.scriptOf(blocks, 9090));
        Result run = bash(
                root,
                Map.of(
                        "WREG_BENCH_QUICK", "1",
                        "WREG_SHARED", shared.toString(),
                        "WREG_JCO_DIR", jcoDir.toString(),
                        // Another JMH run on the machine may hold JMH's lock file; these runs only prove the scripts.
                        "WREG_JMH_OPTS", "-Djmh.ignoreLock=true",
                        "WREG_BENCH_LOG", dir.resolve("all.log").toString()),
                script.toString());
        System.out.println(run.output());
        assertThat(run.exit())
                // The block that failed ran last: its output leads the message, since CI logs keep
                // only the start and the end of a long one.
                .as("%s: exit %d; the last block's output:\n%s", PAGE, run.exit(), lastBlockOf(run.output()))
                .isZero();

        // Each block that runs a benchmark printed figure lines of its own.
        String[] sections = run.output().split("(?m)^::: ");
        assertThat(sections.length - 1).as("every runnable block was reached").isEqualTo(runnable.size());
        for (int i = 0; i < runnable.size(); i++) {
            String section = sections[i + 1];
            assertThat(section)
                    .as(
                            "block %s:%d printed a figure line",
                            PAGE, runnable.get(i).line())
                    .containsPattern("(?m)^figure\\|");
        }

        // And bench/all.sh makes one table row of each, every figure a number.
        Path out = Files.writeString(dir.resolve("out.txt"), run.output());
        long figures = run.output().lines().filter(l -> l.startsWith("figure|")).count();
        Result table = bash(root, Map.of(), "bench/all.sh", "--table", out.toString());
        System.out.println(table.output());
        assertThat(table.exit()).as(table.output()).isZero();
        assertThat(table.output().lines().filter(l -> l.startsWith("| ")).count() - 1)
                .as("one row per figure line")
                .isEqualTo(figures);
        assertThat(table.output()).doesNotContain("**failed**");
        // figure|NAME|WREG|REFERENCE|UNIT|TARGET: a measured figure, and a measured reference where there is one.
        for (String line :
                run.output().lines().filter(l -> l.startsWith("figure|")).toList()) {
            String[] field = line.split("\\|", -1);
            assertThat(field).as(line).hasSize(6);
            assertThat(NUMBER.matcher(field[2]).matches())
                    .as("the figure is a number: " + line)
                    .isTrue();
            assertThat(field[3].equals("-") || NUMBER.matcher(field[3]).matches())
                    .as("the reference is a number or -: " + line)
                    .isTrue();
        }
    }

    record Result(int exit, String output) {}

    private static Result bash(Path directory, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(Arrays.asList(args));
        Path output = Files.createTempFile("bench-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("WREG_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(
                        String.join(" ", command) + " did not finish in 60 minutes:\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(":")) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }

    /** The output of the last block the script reached (its {@code ::: PAGE:LINE} header on). */
    static String lastBlockOf(String output) {
        int start = output.lastIndexOf("\n::: ");
        return start < 0 ? output : output.substring(start + 1);
    }
}
