package dev.wreg.engine.wit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** print(parse(print(X))) == print(X) for every WIT source of the shared fixtures. */
class WitTextRoundTripTest {

    static Path fixtures() {
        return SharedData.require("fixtures");
    }

    static List<Path> witSources() throws IOException {
        try (Stream<Path> s = Files.walk(fixtures().resolve("src"))) {
            return s.filter(p -> p.toString().endsWith(".wit")).sorted().toList();
        }
    }

    @Test
    void everyFixtureSourceRoundTrips() throws IOException {
        List<Path> sources = witSources();
        assertFalse(sources.isEmpty(), "no fixture sources found");
        int passed = 0;
        int failed = 0;
        StringBuilder failures = new StringBuilder();
        for (Path p : sources) {
            try {
                WitParser.Parsed first = WitParser.parsePath(p);
                String printed = WitPrinter.print(first.resolve(), first.main());
                WitParser.Parsed second = WitParser.parseString(p + " (printed)", printed);
                String reprinted = WitPrinter.print(second.resolve(), second.main());
                if (printed.equals(reprinted)) {
                    passed++;
                } else {
                    failed++;
                    failures.append(p)
                            .append(":\n")
                            .append(printed)
                            .append("\n---\n")
                            .append(reprinted);
                }
            } catch (RuntimeException e) {
                failed++;
                failures.append(p).append(": ").append(e).append('\n');
            }
        }
        System.out.println("WIT text round trip: " + passed + " passed, " + failed + " failed");
        assertEquals(0, failed, failures.toString());
    }

    @Test
    void printsTheKitchenInterfaceLikeWasmTools() throws IOException {
        WitParser.Parsed parsed = WitParser.parsePath(fixtures().resolve("src/wat/types/types.wit"));
        String printed = WitPrinter.print(parsed.resolve(), parsed.main());
        System.out.println(printed);
        String expectedStart = """
                /// Interface-type coverage: enum, flags, record, variant, option, result,
                /// list, tuple, string, char, bool, s32/u32/s64/u64, f64.
                package example:types@0.1.0;

                interface kitchen {
                  enum color {
                    red,
                    green,
                    blue,
                  }

                  flags perms {
                    read,
                    write,
                    exec,
                  }
                """;
        assertEquals(expectedStart, printed.substring(0, expectedStart.length()));
    }
}
