package dev.wreg.engine.wit.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wreg.engine.wit.WitPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated WIT sources either parse (and print) or fail with a {@link WitParseException}, nothing else. */
class WitParserRobustnessTest {
    private static final String ALPHABET = "{}()<>;:,.@/=%_-> \nabcxyz019\"*";

    @Test
    void mutatedSourcesFailCleanly() throws IOException {
        List<String> sources = new ArrayList<>();
        for (var p : WitTextRoundTripTest.witSources()) {
            sources.add(Files.readString(p));
        }
        Random random = new Random(7);
        int parsed = 0;
        int clean = 0;
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder(sources.get(random.nextInt(sources.size())));
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && !sb.isEmpty(); e++) {
                int pos = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(pos);
                    case 1 -> sb.insert(pos, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    default -> sb.setCharAt(pos, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            try {
                WitParser.Parsed p = WitParser.parseString("fuzz.wit", sb.toString());
                WitPrinter.print(p.resolve(), p.main());
                parsed++;
            } catch (WitParseException e) {
                clean++;
            } catch (RuntimeException | StackOverflowError e) {
                if (crashes.size() < 5) {
                    crashes.add(e + " at " + e.getStackTrace()[0] + "\n" + sb);
                }
            }
        }
        System.out.println("WIT parser robustness: " + parsed + " parsed, " + clean + " clean errors, " + crashes.size()
                + " crashes");
        assertEquals(List.of(), crashes);
    }
}
