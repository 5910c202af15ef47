package dev.wreg.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.testsupport.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every library call in {@code fixtures/expected/calls.json} without {@code plugs} (compositions
 * are the composer's job) must return the recorded WAVE result, under the interpreter and under
 * the compiler alike. Each component is prepared once per engine and instantiated once per call.
 */
class FixtureCallsConformanceTest {

    @ParameterizedTest
    @EnumSource(
            value = ExecutionPolicy.class,
            names = {"INTERPRETER", "COMPILER"})
    void everyUnpluggedCallReturnsTheRecordedResult(ExecutionPolicy policy) throws Exception {
        JsonNode calls =
                new ObjectMapper().readTree(Files.readString(SharedData.require("fixtures/expected/calls.json")));
        Map<String, PreparedComponent> compiled = new HashMap<>();
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (JsonNode c : calls) {
            if (c.has("plugs")) {
                continue;
            }
            String name = c.get("component").asString();
            String call = c.get("call").asString();
            String expected = c.get("result").asString();
            try {
                PreparedComponent comp = compiled.computeIfAbsent(name, n -> {
                    try {
                        return PreparedComponent.fromBytes(Files.readAllBytes(SharedData.fixtureWasm(n)), policy);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                String got = Invoker.invoke(comp.instantiate(new Linker()), call);
                if (got.equals(expected)) {
                    passed++;
                } else {
                    failures.add(name + " " + call + ": expected " + expected + ", got " + got);
                }
            } catch (RuntimeException e) {
                failures.add(name + " " + call + ": " + e);
            }
        }
        failures.forEach(f -> System.out.println("FAIL " + f));
        System.out.println(policy + ": " + passed + " passed, " + failures.size() + " failed");
        assertTrue(passed > 0);
        assertEquals(List.of(), failures);
    }
}
