package dev.wreg.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.cli.CliEnvironment;
import dev.wreg.cli.Wreg;
import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every run of {@code ../shared/fixtures/expected/runs.json} through {@code wreg run} gives the
 * stdout and exit code that the reference ({@code jco run}) gave.
 */
class RunCommandConformanceTest {

    private static Path fixtures() {
        return SharedData.require("fixtures");
    }

    @TempDir
    Path home;

    @Test
    void everyReferenceRunMatches() throws Exception {
        JsonNode runs = JsonMapper.builder()
                .build()
                .readTree(fixtures().resolve("expected/runs.json").toFile());
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (JsonNode run : runs) {
            String id = run.get("id").asString();
            List<String> args = new ArrayList<>();
            args.add("run");
            args.add(fixtures()
                    .resolve("wasm/" + run.get("component").asString() + ".wasm")
                    .toString());
            for (JsonNode env : run.get("env")) {
                args.add("--env");
                args.add(env.asString());
            }
            JsonNode preopen = run.get("preopen");
            if (preopen != null) {
                for (var entry : preopen.properties()) {
                    args.add("--dir");
                    args.add(fixtures().resolve(entry.getValue().asString()) + "::" + entry.getKey() + ":ro");
                }
            }
            if (!run.get("args").isEmpty()) {
                args.add("--");
                run.get("args").forEach(a -> args.add(a.asString()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CliEnvironment env = new CliEnvironment(
                    Map.of("HOME", home.toString()),
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    home,
                    false);
            int code = Wreg.run(env, args.toArray(String[]::new));
            String expectedOut = Files.readString(fixtures().resolve("expected/" + id + ".stdout"));
            int expectedExit = run.get("exit").asInt();
            String actualOut = out.toString(StandardCharsets.UTF_8);
            if (code == expectedExit && actualOut.equals(expectedOut)) {
                passed++;
            } else {
                failures.add(id + ": exit " + code + " (expected " + expectedExit + "), stdout "
                        + (actualOut.equals(expectedOut) ? "matches" : "differs: " + actualOut) + ", stderr: "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
        }
        failures.forEach(f -> System.out.println("  " + f));
        System.out.println("wreg run: " + passed + " passed, " + failures.size() + " failed");
        assertThat(failures).isEmpty();
    }
}
