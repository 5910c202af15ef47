package dev.wreg.engine.wit.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.text.WitParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * For every fixture component: the printed WIT starts with the root package and world exactly as
 * in {@code expected/NAME.wit}; every interface printed after it that a fixture source defines is
 * identical (without docs) to the interface printed from that source; the whole output parses
 * back and prints the same.
 */
class FixtureWitConformanceTest {

    private static Path fixtures() {
        return Path.of(System.getProperty("wreg.shared", "../../shared")).resolve("fixtures");
    }

    /** Interface id ({@code ns:pkg/name@version}) to its text, from every WIT source of the fixtures. */
    private static Map<String, String> sourceInterfaces() throws IOException {
        Map<String, String> out = new HashMap<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(fixtures().resolve("src"))) {
            sources = s.filter(p -> p.toString().endsWith(".wit")).sorted().toList();
        }
        for (Path p : sources) {
            WitParser.Parsed parsed = WitParser.parsePath(p);
            collect(parsed.resolve(), out);
        }
        return out;
    }

    private static void collect(WitResolve resolve, Map<String, String> out) {
        for (WitPackage pkg : resolve.packages()) {
            for (InterfaceId id : pkg.interfaces().values()) {
                out.put(resolve.interfaceId(id), WitPrinter.printInterface(resolve, id, false));
            }
        }
    }

    @Test
    void everyFixturePrintsLikeTheReference() throws IOException {
        Map<String, String> sources = sourceInterfaces();
        List<Path> wasms;
        try (Stream<Path> s = Files.list(fixtures().resolve("wasm"))) {
            wasms = s.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        assertFalse(wasms.isEmpty());
        int passed = 0;
        int failed = 0;
        int interfacesCompared = 0;
        List<String> failures = new ArrayList<>();
        for (Path wasm : wasms) {
            String name = wasm.getFileName().toString().replace(".wasm", "");
            try {
                ComponentWit.Decoded decoded = ComponentWit.decode(Files.readAllBytes(wasm));
                String printed = WitPrinter.print(decoded.resolve(), decoded.main());
                String expected =
                        Files.readString(fixtures().resolve("expected/" + name + ".wit"), StandardCharsets.UTF_8);
                // jco ends its output with one more newline than wasm-tools
                String root = expected.stripTrailing() + "\n";
                List<String> problems = new ArrayList<>();
                if (!printed.startsWith(root)) {
                    problems.add("root package and world differ:\n" + printed);
                }
                for (WitPackage pkg : decoded.resolve().packages()) {
                    for (InterfaceId id : pkg.interfaces().values()) {
                        String source = sources.get(decoded.resolve().interfaceId(id));
                        if (source != null) {
                            interfacesCompared++;
                            String mine = WitPrinter.printInterface(decoded.resolve(), id, false);
                            if (!mine.equals(source)) {
                                problems.add("interface " + decoded.resolve().interfaceId(id) + " differs:\n" + mine
                                        + "--- source:\n" + source);
                            }
                        }
                    }
                }
                WitParser.Parsed reparsed = WitParser.parseString(name + ".wit", printed);
                String reprinted = WitPrinter.print(reparsed.resolve(), reparsed.main());
                if (!reprinted.equals(printed)) {
                    problems.add("does not round-trip through the parser:\n" + reprinted);
                }
                if (problems.isEmpty()) {
                    passed++;
                } else {
                    failed++;
                    failures.add(name + ": " + String.join("\n", problems));
                }
            } catch (RuntimeException e) {
                failed++;
                failures.add(name + ": " + e);
            }
        }
        System.out.println("Fixture WIT (" + interfacesCompared + " interfaces compared with sources): " + passed
                + " passed, " + failed + " failed");
        assertEquals(0, failed, String.join("\n\n", failures));
    }
}
