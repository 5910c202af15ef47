package dev.wreg.engine.wit.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.text.WitParser;
import dev.wreg.testsupport.Jco;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * For every fixture component, wreg's WIT against references that are not wreg:
 *
 * <ul>
 *   <li>the root package and world, exactly as {@code jco wit} prints them (jco run live when
 *       {@code WREG_JCO} is set, as in CI; otherwise {@code expected/NAME.wit}, jco's output stored
 *       when the fixtures were built);
 *   <li>every interface that a fixture's WIT source defines, token for token as written in that
 *       source (comments and trailing commas aside; no WIT parser involved);
 *   <li>and the whole output parses back and prints the same.
 * </ul>
 */
class FixtureWitConformanceTest {

    private static Path fixtures() {
        return SharedData.require("fixtures");
    }

    @Test
    void everyFixturePrintsLikeTheReference() throws IOException {
        List<Path> wasms;
        try (Stream<Path> s = Files.list(fixtures().resolve("wasm"))) {
            wasms = s.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        assertFalse(wasms.isEmpty());
        Map<String, List<String>> sources = WitSourceInterfaces.read(fixtures().resolve("src"));
        Map<Path, String> reference;
        String referenceName;
        var jco = Jco.optional();
        if (jco.isPresent()) {
            reference = jcoWit(jco.get(), wasms);
            referenceName = "jco wit";
        } else {
            reference = new HashMap<>();
            for (Path wasm : wasms) {
                String name = wasm.getFileName().toString().replace(".wasm", "");
                reference.put(
                        wasm,
                        Files.readString(fixtures().resolve("expected/" + name + ".wit"), StandardCharsets.UTF_8));
            }
            referenceName = "expected/NAME.wit (WREG_JCO is not set)";
        }
        int passed = 0;
        int failed = 0;
        int interfacesCompared = 0;
        List<String> failures = new ArrayList<>();
        for (Path wasm : wasms) {
            String name = wasm.getFileName().toString().replace(".wasm", "");
            try {
                ComponentWit.Decoded decoded = ComponentWit.decode(Files.readAllBytes(wasm));
                List<String> problems = new ArrayList<>();
                // jco prints the main package alone, and ends with one more newline than wasm-tools
                String root = WitPrinter.print(decoded.resolve(), decoded.main(), List.of(), true);
                String expected = reference.get(wasm).stripTrailing() + "\n";
                if (!root.equals(expected)) {
                    problems.add("root package and world differ from " + referenceName + ":\n" + root + "--- "
                            + referenceName + ":\n" + expected);
                }
                for (WitPackage pkg : decoded.resolve().packages()) {
                    for (InterfaceId id : pkg.interfaces().values()) {
                        List<String> source = sources.get(decoded.resolve().interfaceId(id));
                        if (source != null) {
                            interfacesCompared++;
                            String mine = WitPrinter.printInterface(decoded.resolve(), id, false);
                            if (!WitSourceInterfaces.tokens(mine).equals(source)) {
                                problems.add("interface " + decoded.resolve().interfaceId(id)
                                        + " differs from its source:\n" + mine + "--- source tokens:\n"
                                        + String.join(" ", source));
                            }
                        }
                    }
                }
                String printed = WitPrinter.print(decoded.resolve(), decoded.main());
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
        System.out.println("Fixture WIT (roots compared with " + referenceName + ", " + interfacesCompared
                + " interfaces with their sources): " + passed + " passed, " + failed + " failed");
        assertEquals(0, failed, String.join("\n\n", failures));
    }

    /** {@code jco wit} of every file; a file jco refuses fails the test here. */
    private static Map<Path, String> jcoWit(Path jco, List<Path> wasms) {
        Map<Path, String> wit = new LinkedHashMap<>();
        Jco.wit(jco, wasms).forEach((wasm, result) -> {
            assertTrue(result.accepted(), () -> "jco wit " + wasm.getFileName() + ": " + result.error());
            wit.put(wasm, result.text());
        });
        return wit;
    }

    /**
     * The interfaces the fixtures' WIT sources define, as token lists read straight from the text
     * (not through wreg's parser): interface id ({@code ns:pkg/name@version}) to its tokens.
     */
    static final class WitSourceInterfaces {
        private WitSourceInterfaces() {}

        static Map<String, List<String>> read(Path sourceDir) throws IOException {
            Map<String, List<String>> out = new HashMap<>();
            List<Path> sources;
            try (Stream<Path> s = Files.walk(sourceDir)) {
                sources = s.filter(p -> p.toString().endsWith(".wit")).sorted().toList();
            }
            for (Path p : sources) {
                collect(tokens(Files.readString(p, StandardCharsets.UTF_8)), out);
            }
            return out;
        }

        /**
         * Top-level {@code package ns:name@v;} names the file's package; {@code package ns:name@v { … }}
         * a nested one; {@code interface x { … }} inside either is one entry.
         */
        private static void collect(List<String> t, Map<String, List<String>> out) {
            String filePackage = null;
            List<String> packageStack = new ArrayList<>();
            List<Integer> packageDepth = new ArrayList<>();
            int depth = 0;
            for (int i = 0; i < t.size(); i++) {
                String token = t.get(i);
                if (token.equals("package")) {
                    int end = i + 1;
                    StringBuilder name = new StringBuilder();
                    while (!t.get(end).equals(";") && !t.get(end).equals("{")) {
                        name.append(t.get(end++));
                    }
                    if (t.get(end).equals(";")) {
                        filePackage = name.toString();
                    } else {
                        packageStack.add(name.toString());
                        packageDepth.add(depth);
                        depth++;
                    }
                    i = end;
                } else if (token.equals("interface")
                        && i + 2 < t.size()
                        && t.get(i + 2).equals("{")) {
                    String pkg = packageStack.isEmpty() ? filePackage : packageStack.getLast();
                    int end = matchingBrace(t, i + 2);
                    out.put(interfaceId(pkg, t.get(i + 1)), List.copyOf(t.subList(i, end + 1)));
                    i = end;
                } else if (token.equals("{")) {
                    depth++;
                } else if (token.equals("}")) {
                    depth--;
                    if (!packageDepth.isEmpty() && packageDepth.getLast() == depth) {
                        packageStack.removeLast();
                        packageDepth.removeLast();
                    }
                }
            }
        }

        /** {@code ns:pkg@1.0.0} + {@code name} → {@code ns:pkg/name@1.0.0}. */
        private static String interfaceId(String pkg, String name) {
            int at = pkg.indexOf('@');
            return at < 0 ? pkg + "/" + name : pkg.substring(0, at) + "/" + name + pkg.substring(at);
        }

        private static int matchingBrace(List<String> t, int open) {
            int depth = 0;
            for (int i = open; i < t.size(); i++) {
                if (t.get(i).equals("{")) {
                    depth++;
                } else if (t.get(i).equals("}") && --depth == 0) {
                    return i;
                }
            }
            throw new IllegalStateException("unbalanced braces");
        }

        /**
         * WIT text as tokens: words ({@code %}-escapes, kebab-case, versions kept whole),
         * punctuation and {@code ->} apart; comments (and so docs) dropped; a comma right before a
         * closing bracket dropped, as the printer writes one where a source may not.
         */
        static List<String> tokens(String text) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (text.startsWith("//", i)) {
                    int nl = text.indexOf('\n', i);
                    i = nl < 0 ? text.length() : nl;
                } else if (text.startsWith("/*", i)) {
                    i = text.indexOf("*/", i) + 2;
                } else if (text.startsWith("->", i)) {
                    out.add("->");
                    i += 2;
                } else if (Character.isLetterOrDigit(c) || c == '%' || c == '-' || c == '_' || c == '.' || c == '+') {
                    int start = i;
                    while (i < text.length()) {
                        char d = text.charAt(i);
                        if (Character.isLetterOrDigit(d) || d == '%' || d == '_' || d == '.' || d == '+') {
                            i++;
                        } else if (d == '-' && !text.startsWith("->", i)) {
                            i++;
                        } else {
                            break;
                        }
                    }
                    out.add(text.substring(start, i));
                } else {
                    if ((c == '}' || c == ')' || c == '>')
                            && !out.isEmpty()
                            && out.getLast().equals(",")) {
                        out.removeLast();
                    }
                    out.add(String.valueOf(c));
                    i++;
                }
            }
            return out;
        }
    }
}
