package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every reference run in {@code fixtures/expected/runs.json} (made with {@code jco run}) must give
 * the same stdout and exit code here, under the interpreter and under the compiler alike.
 */
class WasiConformanceTest {
    /** The number of runs known to pass; raise it as gaps close, never lower it. */
    private static final int FLOOR = 11;

    /**
     * Endive's compiler needs many minutes and gigabytes for StarlingMonkey's 12 MB module, so the
     * compiler pass runs hello-js under AUTO: its small modules compiled, the big one interpreted
     * (as AUTO's size rule decides). Every other run is fully compiled.
     */
    static ExecutionPolicy engineFor(String component, ExecutionPolicy policy) {
        return policy == ExecutionPolicy.COMPILER && component.endsWith("-js") ? ExecutionPolicy.AUTO : policy;
    }

    /** Runs one entry of runs.json; returns null when it matches, else why not. */
    static String check(JsonNode run, ExecutionPolicy policy) throws Exception {
        Path fixtures = SharedData.require("fixtures");
        String id = run.get("id").asString();
        String name = run.get("component").asString();
        PreparedComponent c = PreparedComponent.fromBytes(
                Files.readAllBytes(fixtures.resolve("wasm/" + name + ".wasm")), engineFor(name, policy));
        List<String> args = new ArrayList<>(List.of(name + ".wasm"));
        run.get("args").forEach(a -> args.add(a.asString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WasiHost.Builder b = WasiHost.builder().args(args).stdout(out).stderr(err);
        run.get("env").forEach(e -> {
            String kv = e.asString();
            int eq = kv.indexOf('=');
            b.env(kv.substring(0, eq), kv.substring(eq + 1));
        });
        if (run.has("preopen")) {
            run.get("preopen")
                    .properties()
                    .forEach(e -> b.preopen(fixtures.resolve(e.getValue().asString()), e.getKey(), false));
        }
        WasiRun.Outcome o = WasiRun.runDetailed(c, b.build());
        String wantOut = Files.readString(fixtures.resolve("expected/" + id + ".stdout"));
        int wantExit = Integer.parseInt(
                Files.readString(fixtures.resolve("expected/" + id + ".exit")).trim());
        String gotOut = out.toString(StandardCharsets.UTF_8);
        if (!gotOut.equals(wantOut) || o.exitCode() != wantExit) {
            return "exit " + o.exitCode() + " (want " + wantExit + "), stdout "
                    + (gotOut.equals(wantOut)
                            ? "ok"
                            : "differs: " + gotOut.substring(0, Math.min(200, gotOut.length())))
                    + (o.trap() == null ? "" : ", trap: " + o.trap())
                    + ", stderr: "
                    + err.toString(StandardCharsets.UTF_8).lines().limit(3).toList();
        }
        return null;
    }

    @ParameterizedTest
    @EnumSource(
            value = ExecutionPolicy.class,
            names = {"INTERPRETER", "COMPILER"})
    void everyReferenceRunMatches(ExecutionPolicy policy) throws Exception {
        JsonNode runs = new ObjectMapper()
                .readTree(SharedData.require("fixtures/expected/runs.json").toFile());
        int passed = 0;
        int failed = 0;
        for (JsonNode run : runs) {
            String why;
            long start = System.nanoTime();
            try {
                why = check(run, policy);
                // Decode + prepare + instantiate + run, first use in this JVM: a rough figure only.
                System.out.println(
                        "  " + run.get("id").asString() + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (Exception | LinkageError e) {
                why = e.toString();
            }
            if (why == null) {
                passed++;
            } else {
                failed++;
                System.out.println("FAIL " + run.get("id").asString() + ": " + why);
            }
        }
        System.out.println("WASI runs (" + policy + "): " + passed + " passed, " + failed + " failed");
        assertThat(passed).isGreaterThanOrEqualTo(FLOOR);
    }
}
