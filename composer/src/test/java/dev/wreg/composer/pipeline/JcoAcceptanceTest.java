package dev.wreg.composer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference tooling accepts every composed output: {@code jco wit} prints it, and {@code jco
 * transpile} turns it into JavaScript whose {@code run()} returns the value of calls.json. Needs
 * {@code WREG_JCO} (the jco executable, set by .ci/run); skipped with a message otherwise.
 */
class JcoAcceptanceTest {
    private static final String JCO = System.getenv("WREG_JCO");

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            greeter-socket      | greeter-upper                                 | "WREG"
            greeter-socket      | greeter-reverse                               | "gerw"
            greeter-socket      | greeter-exclaim greeter-upper                 | "WREG!"
            greeter-socket      | greeter-exclaim greeter-reverse               | "gerw!"
            greeter-socket      | greeter-exclaim greeter-exclaim greeter-upper | "WREG!!"
            calc-consumer-1.0.0 | calc-provider-1.0.0                           | 42
            calc-consumer-1.0.0 | calc-provider-1.1.0                           | 42
            calc-consumer-1.1.0 | calc-provider-1.1.0                           | 35
            calc-consumer-2.0.0 | calc-provider-2.0.0                           | -4999999997
            counter-user        | counter-provider                              | 23210
            """)
    void jcoAcceptsAndRunsTheComposedOutput(String socket, String plugs, String expected, @TempDir Path tmp)
            throws Exception {
        assumeTrue(JCO != null && !JCO.isBlank(), "WREG_JCO is not set: jco is not available, skipping");
        byte[] bytes =
                FixtureCompositionTest.plug(socket, true, plugs.split(" ")).bytes();
        assertJcoRuns(bytes, expected, tmp);
    }

    /**
     * greeter-js leaves its WASI imports open; jco maps them to its preview2 shims, which the
     * transpiled module finds through a node_modules link to jco's own install.
     */
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            greeter-socket | greeter-js                 | "Hello, wreg!"
            greeter-socket | greeter-exclaim greeter-js | "Hello, wreg!!"
            """)
    void jcoRunsCompositionsThatKeepWasiImportsOpen(String socket, String plugs, String expected, @TempDir Path tmp)
            throws Exception {
        assumeTrue(JCO != null && !JCO.isBlank(), "WREG_JCO is not set: jco is not available, skipping");
        var r = FixtureCompositionTest.plug(socket, true, plugs.split(" "));
        assertThat(r.report().imports()).isNotEmpty().allMatch(n -> n.startsWith("wasi:"));
        assertJcoRuns(r.bytes(), expected, tmp);
    }

    /** Plans (wreg compose FILE.wac) give outputs jco accepts and runs to the calls.json values. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            greeter-upper+socket        | let u = new example:greeter-upper {}; let s = new example:greeter-socket { greet: u.greet }; export s.run;                                                          | "WREG"
            exclaim-chain               | let u = new example:greeter-reverse {}; let e = new example:greeter-exclaim { ...u }; let s = new example:greeter-socket { ...e }; export s...;           | "gerw!"
            calc-1.1                    | let p = new example:calc-provider@1.1.0 {}; let c = new example:calc-consumer@1.0.0 { ...p }; export c.run;                                                    | 42
            counter                     | let p = new example:counter-provider {}; let u = new example:counter-user { counters: p.counters }; export u.run;                                           | 23210
            """)
    void jcoAcceptsAndRunsPlanOutputs(String name, String statements, String expected, @TempDir Path tmp)
            throws Exception {
        assumeTrue(JCO != null && !JCO.isBlank(), "WREG_JCO is not set: jco is not available, skipping");
        dev.wreg.composer.plan.PackageResolver fixtures = (pkg, requirement) -> {
            String fixture = pkg.substring("example:".length()) + (requirement == null ? "" : "-" + requirement);
            return new dev.wreg.composer.plan.PackageResolver.ResolvedPackage(
                    pkg, requirement, dev.wreg.composer.Fixtures.input(fixture).bytes());
        };
        var r = ComposePipeline.compose(ComposePipeline.PlanRequest.of(
                name + ".wac", "package demo:plan;\n" + statements + "\n", fixtures, List.of("run()")));
        assertThat(r.report().imports()).isEmpty();
        assertJcoRuns(r.bytes(), expected, tmp);
    }

    /**
     * An import merged as the union of two declarations (issue 8 §3): jco prints the merged
     * import and the transpiled result calls both functions through its WASI clock shim.
     */
    @org.junit.jupiter.api.Test
    void jcoAcceptsAndRunsAnImportMergedAsAUnion(@TempDir Path tmp) throws Exception {
        assumeTrue(JCO != null && !JCO.isBlank(), "WREG_JCO is not set: jco is not available, skipping");
        var r = ImportUnionTest.plan("""
                let a = new sc:union-now { ... };
                let b = new sc:union-resolution { ... };
                export a.now-a;
                export b.res-b;
                """);
        Path wasm = tmp.resolve("composed.wasm");
        Files.write(wasm, r.bytes());
        Proc wit = exec(tmp, JCO, "wit", wasm.toString());
        assertThat(wit.exit()).as(wit.output()).isZero();
        assertThat(wit.output())
                .contains("import wasi:clocks/monotonic-clock@0.2.3;")
                .contains("export now-a: func() -> u64;")
                .contains("export res-b: func() -> u64;");
        Path js = transpile(wasm, tmp);
        Proc run = exec(
                js,
                "node",
                "-e",
                "import('./composed.js').then(m => console.log(typeof m.nowA(), typeof m.resB(), m.resB() > 0n))");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("bigint bigint true");
    }

    /** A union whose halves share a record and a resource: jco reads each type once. */
    @org.junit.jupiter.api.Test
    void jcoReadsAUnionWithSharedTypes(@TempDir Path tmp) throws Exception {
        assumeTrue(JCO != null && !JCO.isBlank(), "WREG_JCO is not set: jco is not available, skipping");
        var r = ImportUnionTest.plan("""
                let a = new sc:union-types-a { ... };
                let b = new sc:union-types-b { ... };
                export a.run-a;
                export b.run-b;
                """);
        Path wasm = tmp.resolve("composed.wasm");
        Files.write(wasm, r.bytes());
        Proc wit = exec(tmp, JCO, "wit", wasm.toString());
        assertThat(wit.exit()).as(wit.output()).isZero();
        assertThat(wit.output()).contains("import s:ut/i;");
        Proc print = exec(tmp, JCO, "print", wasm.toString());
        assertThat(print.exit()).as(print.output()).isZero();
        // the result's own import comes first, before the nested packages (which declare their halves)
        String unionType = print.output().substring(0, print.output().indexOf("(import \"s:ut/i\""));
        assertThat(unionType.split("\"point\"", -1)).hasSize(2);
        assertThat(unionType.split("\"r\"", -1)).hasSize(2);
        assertThat(unionType).contains("\"get\"", "\"make\"", "\"put\"", "\"drop-r\"");
    }

    /** Scenario 23: a composition linking a {@code map<string, u32>} function is read by jco too. */
    @org.junit.jupiter.api.Test
    void jcoReadsAMapComposition(@TempDir Path tmp) throws Exception {
        assumeTrue(JCO != null && !JCO.isBlank(), "WREG_JCO is not set: jco is not available, skipping");
        var r = ScenarioCatalogTest.plug("map-socket", "map-plug");
        Path wasm = tmp.resolve("composed.wasm");
        Files.write(wasm, r.bytes());
        Proc wit = exec(tmp, JCO, "wit", wasm.toString());
        assertThat(wit.exit()).as(wit.output()).isZero();
        assertThat(wit.output()).contains("export run: func();");
    }

    /** Transpiles into {@code tmp/js}, linking jco's node_modules there for the WASI shims. */
    private static Path transpile(Path wasm, Path tmp) throws Exception {
        Path js = tmp.resolve("js");
        Proc transpile = exec(tmp, JCO, "transpile", wasm.toString(), "-o", js.toString(), "--name", "composed");
        assertThat(transpile.exit()).as(transpile.output()).isZero();
        Files.writeString(js.resolve("package.json"), "{\"type\":\"module\"}");
        // jco lives in <dir>/node_modules/.bin/jco: link <dir>/node_modules for the WASI shims
        Path nodeModules = Path.of(JCO).toAbsolutePath().getParent().getParent();
        Files.createSymbolicLink(js.resolve("node_modules"), nodeModules);
        return js;
    }

    private static void assertJcoRuns(byte[] bytes, String expected, Path tmp) throws Exception {
        Path wasm = tmp.resolve("composed.wasm");
        Files.write(wasm, bytes);

        Proc wit = exec(tmp, JCO, "wit", wasm.toString());
        assertThat(wit.exit()).as(wit.output()).isZero();
        assertThat(wit.output()).contains("export run: func()");

        Path js = transpile(wasm, tmp);
        Proc run = exec(
                js,
                "node",
                "-e",
                "import('./composed.js').then(m => { const v = m.run();"
                        + " console.log(typeof v === 'string' ? JSON.stringify(v) : String(v)); })");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo(expected);
    }

    private record Proc(int exit, String output) {}

    private static Proc exec(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Proc(-1, "timed out");
        }
        return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
