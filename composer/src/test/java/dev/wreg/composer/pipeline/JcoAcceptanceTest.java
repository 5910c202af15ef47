package dev.wreg.composer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.composer.Fixtures;
import dev.wreg.composer.plan.PackageResolver;
import dev.wreg.testsupport.Jco;
import dev.wreg.testsupport.NeedsJco;
import dev.wreg.testsupport.NeedsSharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference tooling accepts every composed output: {@code jco wit} prints it, and {@code jco
 * transpile} turns it into JavaScript whose {@code run()} returns the value of calls.json. Needs
 * jco ({@link Jco}: {@code WREG_JCO}, set by .ci/run); skipped with one line otherwise.
 *
 * <p>All cases go through jco in one node process, before the tests: jco's API functions
 * {@code componentWit}, {@code print} and {@code transpile} are what its commands run, and a node
 * start (loading jco) per step and case cost about a minute in all.
 */
@NeedsSharedData("fixtures/wasm")
@NeedsJco
class JcoAcceptanceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Shows {@code run()}'s value as the expected column writes it (strings quoted). */
    private static final String RUN =
            "const v = m.run(); return typeof v === 'string' ? JSON.stringify(v) : String(v);";

    /**
     * One composition for jco: {@code show} is a JS function body over the transpiled module
     * {@code m} whose result node prints (null: not transpiled); {@code print} asks for {@code jco
     * print} too.
     */
    record Case(String name, Supplier<ComposePipeline.Result> compose, String show, String expected, boolean print) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What jco made of a case (null fields did not happen), or the composition's own failure. */
    record Outcome(
            ComposePipeline.Result composed,
            String composeError,
            String wit,
            String witError,
            String print,
            String printError,
            String run,
            String runError) {}

    private static final Map<String, Outcome> OUTCOMES = new LinkedHashMap<>();

    static Stream<Case> plugs() {
        return Stream.of(
                plug("greeter-socket", "greeter-upper", "\"WREG\""),
                plug("greeter-socket", "greeter-reverse", "\"gerw\""),
                plug("greeter-socket", "greeter-exclaim greeter-upper", "\"WREG!\""),
                plug("greeter-socket", "greeter-exclaim greeter-reverse", "\"gerw!\""),
                plug("greeter-socket", "greeter-exclaim greeter-exclaim greeter-upper", "\"WREG!!\""),
                plug("calc-consumer-1.0.0", "calc-provider-1.0.0", "42"),
                plug("calc-consumer-1.0.0", "calc-provider-1.1.0", "42"),
                plug("calc-consumer-1.1.0", "calc-provider-1.1.0", "35"),
                plug("calc-consumer-2.0.0", "calc-provider-2.0.0", "-4999999997"),
                plug("counter-user", "counter-provider", "23210"));
    }

    /**
     * greeter-js leaves its WASI imports open; jco maps them to its preview2 shims, which the
     * transpiled module finds through a node_modules link to jco's own install.
     */
    static Stream<Case> compositionsKeepingWasiImportsOpen() {
        return Stream.of(
                plug("greeter-socket", "greeter-js", "\"Hello, wreg!\""),
                plug("greeter-socket", "greeter-exclaim greeter-js", "\"Hello, wreg!!\""));
    }

    /** Plans (wreg compose FILE.wac) give outputs jco accepts and runs to the calls.json values. */
    static Stream<Case> plans() {
        return Stream.of(
                plan(
                        "greeter-upper+socket",
                        "let u = new example:greeter-upper {}; let s = new example:greeter-socket { greet: u.greet };"
                                + " export s.run;",
                        "\"WREG\""),
                plan(
                        "exclaim-chain",
                        "let u = new example:greeter-reverse {}; let e = new example:greeter-exclaim { ...u };"
                                + " let s = new example:greeter-socket { ...e }; export s...;",
                        "\"gerw!\""),
                plan(
                        "calc-1.1",
                        "let p = new example:calc-provider@1.1.0 {}; let c = new example:calc-consumer@1.0.0 { ...p };"
                                + " export c.run;",
                        "42"),
                plan(
                        "counter",
                        "let p = new example:counter-provider {}; let u = new example:counter-user { counters:"
                                + " p.counters }; export u.run;",
                        "23210"));
    }

    /** An import merged as the union of two declarations (issue 8 §3), run through jco's clock shim. */
    private static final Case UNION = new Case(
            "union",
            () -> ImportUnionTest.plan("""
                    let a = new sc:union-now { ... };
                    let b = new sc:union-resolution { ... };
                    export a.now-a;
                    export b.res-b;
                    """),
            "return [typeof m.nowA(), typeof m.resB(), m.resB() > 0n].join(' ');",
            "bigint bigint true",
            false);

    /** A union whose halves share a record and a resource. */
    private static final Case UNION_TYPES = new Case("union-types", () -> ImportUnionTest.plan("""
                    let a = new sc:union-types-a { ... };
                    let b = new sc:union-types-b { ... };
                    export a.run-a;
                    export b.run-b;
                    """), null, null, true);

    /** Scenario 23: a composition linking a {@code map<string, u32>} function. */
    private static final Case MAP =
            new Case("map", () -> ScenarioCatalogTest.plug("map-socket", "map-plug"), null, null, false);

    private static Case plug(String socket, String plugs, String expected) {
        return new Case(
                socket + " + " + plugs,
                () -> FixtureCompositionTest.plug(socket, true, plugs.split(" ")),
                RUN,
                expected,
                false);
    }

    private static Case plan(String name, String statements, String expected) {
        PackageResolver fixtures = (pkg, requirement) -> {
            String fixture = pkg.substring("example:".length()) + (requirement == null ? "" : "-" + requirement);
            return new PackageResolver.ResolvedPackage(
                    pkg, requirement, Fixtures.input(fixture).bytes());
        };
        return new Case(
                name,
                () -> ComposePipeline.compose(ComposePipeline.PlanRequest.of(
                        name + ".wac", "package demo:plan;\n" + statements + "\n", fixtures, List.of("run()"))),
                RUN,
                expected,
                false);
    }

    @BeforeAll
    static void runEveryCaseThroughJco(@TempDir Path tmp) throws Exception {
        Path jco = Jco.require();
        List<Case> cases = Stream.of(
                        plugs(), compositionsKeepingWasiImportsOpen(), plans(), Stream.of(UNION, UNION_TYPES, MAP))
                .flatMap(s -> s)
                .toList();
        Map<String, ComposePipeline.Result> composed = new LinkedHashMap<>();
        ArrayNode manifest = JSON.createArrayNode();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            try {
                ComposePipeline.Result r = c.compose().get();
                composed.put(c.name(), r);
                Path dir = Files.createDirectories(tmp.resolve("case-" + i));
                Files.write(dir.resolve("composed.wasm"), r.bytes());
                ObjectNode entry = manifest.addObject();
                entry.put("name", c.name()).put("dir", dir.toString()).put("print", c.print());
                if (c.show() != null) {
                    entry.put("show", c.show());
                }
            } catch (RuntimeException e) {
                OUTCOMES.put(c.name(), new Outcome(null, e.toString(), null, null, null, null, null, null));
            }
        }
        Path manifestFile = tmp.resolve("cases.json");
        Files.writeString(manifestFile, JSON.writeValueAsString(manifest));
        JsonNode results = runNode(jco, tmp, manifestFile);
        composed.forEach((name, r) -> {
            JsonNode n = results.path(name);
            OUTCOMES.put(
                    name,
                    new Outcome(
                            r,
                            null,
                            text(n, "wit"),
                            text(n, "witError"),
                            text(n, "print"),
                            text(n, "printError"),
                            text(n, "run"),
                            text(n, "runError")));
        });
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.path(field).asString() : null;
    }

    /** One node process: for each case jco wit, print if asked, transpile and run if asked. */
    private static JsonNode runNode(Path jco, Path tmp, Path manifest) throws IOException, InterruptedException {
        Path script = tmp.resolve("accept.mjs");
        Files.writeString(script, """
                import { componentWit, print, transpile } from '@bytecodealliance/jco';
                import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
                import { dirname, join } from 'node:path';
                import { pathToFileURL } from 'node:url';
                const [manifest, out] = process.argv.slice(2);
                const error = e => String(e?.payload ?? e?.stack ?? e);
                const results = {};
                for (const c of JSON.parse(readFileSync(manifest, 'utf8'))) {
                  const r = results[c.name] = {};
                  const bytes = readFileSync(join(c.dir, 'composed.wasm'));
                  try { r.wit = await componentWit(bytes); } catch (e) { r.witError = error(e); }
                  if (c.print) {
                    try { r.print = await print(bytes); } catch (e) { r.printError = error(e); }
                  }
                  if (c.show) {
                    try {
                      const js = join(c.dir, 'js');
                      const { files } = await transpile(bytes, { name: 'composed' });
                      for (const [name, data] of Object.entries(files)) {
                        mkdirSync(dirname(join(js, name)), { recursive: true });
                        writeFileSync(join(js, name), data);
                      }
                      writeFileSync(join(js, 'package.json'), '{"type":"module"}');
                      const m = await import(pathToFileURL(join(js, 'composed.js')).href);
                      r.run = String(await new Function('m', c.show)(m));
                    } catch (e) { r.runError = error(e); }
                  }
                }
                writeFileSync(out, JSON.stringify(results));
                """);
        // jco is <dir>/node_modules/.bin/jco: the script and the transpiled modules (jco's WASI
        // shims) resolve their imports through links to jco's install
        List<Path> links =
                linkNodeModules(tmp.resolve("node_modules"), jco.getParent().getParent());
        Path out = tmp.resolve("results.json");
        Path log = tmp.resolve("node.log");
        try {
            Process p = new ProcessBuilder("node", script.toString(), manifest.toString(), out.toString())
                    .directory(tmp.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("jco did not finish the cases in 10 minutes");
            }
        } finally {
            // a link out of the @TempDir makes JUnit's clean-up print a warning
            for (Path link : links.reversed()) {
                Files.delete(link);
            }
        }
        JsonNode results = Files.exists(out) ? JSON.readTree(out.toFile()) : null;
        assertThat(results).as(Files.readString(log, StandardCharsets.UTF_8)).isNotNull();
        return results;
    }

    private static Outcome outcome(Case c) {
        Outcome o = OUTCOMES.get(c.name());
        assertThat(o).as("no outcome for %s", c.name()).isNotNull();
        assertThat(o.composeError()).as("wreg composing %s", c.name()).isNull();
        assertThat(o.witError()).as("jco wit %s", c.name()).isNull();
        return o;
    }

    private static void assertJcoRuns(Case c) {
        Outcome o = outcome(c);
        assertThat(o.wit()).contains("export run: func()");
        assertThat(o.runError()).as("jco transpile + node, %s", c.name()).isNull();
        assertThat(o.run()).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plugs")
    void jcoAcceptsAndRunsTheComposedOutput(Case c) {
        assertJcoRuns(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compositionsKeepingWasiImportsOpen")
    void jcoRunsCompositionsThatKeepWasiImportsOpen(Case c) {
        assertThat(outcome(c).composed().report().imports()).isNotEmpty().allMatch(n -> n.startsWith("wasi:"));
        assertJcoRuns(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void jcoAcceptsAndRunsPlanOutputs(Case c) {
        assertThat(outcome(c).composed().report().imports()).isEmpty();
        assertJcoRuns(c);
    }

    /** jco prints the merged import and the transpiled result calls both functions through its clock shim. */
    @Test
    void jcoAcceptsAndRunsAnImportMergedAsAUnion() {
        Outcome o = outcome(UNION);
        assertThat(o.wit())
                .contains("import wasi:clocks/monotonic-clock@0.2.3;")
                .contains("export now-a: func() -> u64;")
                .contains("export res-b: func() -> u64;");
        assertThat(o.runError()).as("jco transpile + node").isNull();
        assertThat(o.run()).isEqualTo(UNION.expected());
    }

    /** A union whose halves share a record and a resource: jco reads each type once. */
    @Test
    void jcoReadsAUnionWithSharedTypes() {
        Outcome o = outcome(UNION_TYPES);
        assertThat(o.wit()).contains("import s:ut/i;");
        assertThat(o.printError()).as("jco print").isNull();
        // the result's own import comes first, before the nested packages (which declare their halves)
        String unionType = o.print().substring(0, o.print().indexOf("(import \"s:ut/i\""));
        assertThat(unionType.split("\"point\"", -1)).hasSize(2);
        assertThat(unionType.split("\"r\"", -1)).hasSize(2);
        assertThat(unionType).contains("\"get\"", "\"make\"", "\"put\"", "\"drop-r\"");
    }

    /** Scenario 23: a composition linking a {@code map<string, u32>} function is read by jco too. */
    @Test
    void jcoReadsAMapComposition() {
        assertThat(outcome(MAP).wit()).contains("export run: func();");
    }

    private static final String SHIM = "@bytecodealliance/preview2-shim";

    /**
     * Links every package of jco's install into {@code target}. npm does not always hoist jco's
     * WASI shim to the top of the install (it may stay under jco's own node_modules), yet the
     * transpiled modules import it by name; it is linked from wherever npm put it. Answers what
     * was created, in creation order.
     */
    private static List<Path> linkNodeModules(Path target, Path installed) throws IOException {
        List<Path> created = new ArrayList<>();
        Files.createDirectories(target.resolve("@bytecodealliance"));
        created.add(target);
        created.add(target.resolve("@bytecodealliance"));
        try (var top = Files.list(installed)) {
            for (Path entry : top.toList()) {
                if (entry.getFileName().toString().equals("@bytecodealliance")) {
                    try (var scoped = Files.list(entry)) {
                        for (Path pkg : scoped.toList()) {
                            created.add(Files.createSymbolicLink(
                                    target.resolve("@bytecodealliance")
                                            .resolve(pkg.getFileName().toString()),
                                    pkg));
                        }
                    }
                } else {
                    created.add(Files.createSymbolicLink(
                            target.resolve(entry.getFileName().toString()), entry));
                }
            }
        }
        Path shim = target.resolve(SHIM);
        if (!Files.exists(shim)) {
            Path nested =
                    installed.resolve("@bytecodealliance/jco/node_modules").resolve(SHIM);
            assertThat(nested).as("jco's WASI shim " + SHIM + " in its install").exists();
            created.add(Files.createSymbolicLink(shim, nested));
        }
        return created;
    }
}
