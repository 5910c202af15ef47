package dev.wreg.engine.wit.component;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mutated fixtures (bit flips, byte changes, truncations) that still decode as components must
 * give either WIT or a {@link WitDecodeException}, never another exception.
 */
class ComponentWitRobustnessTest {

    @Test
    void mutatedComponentsFailCleanly() throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> s = Files.list(SharedData.require("fixtures/wasm"))) {
            for (Path p : s.sorted().toList()) {
                if (Files.size(p) < 200_000) {
                    inputs.add(Files.readAllBytes(p));
                }
            }
        }
        Random random = new Random(42);
        int decoded = 0;
        int witBuilt = 0;
        int cleanErrors = 0;
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] original = inputs.get(random.nextInt(inputs.size()));
            byte[] bytes = original.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int pos = 8 + random.nextInt(bytes.length - 8);
                if (random.nextBoolean()) {
                    bytes[pos] ^= (byte) (1 << random.nextInt(8));
                } else {
                    bytes[pos] = (byte) random.nextInt(256);
                }
            }
            Component component;
            try {
                component = ComponentDecoder.decode(bytes);
            } catch (ComponentFormatException e) {
                continue;
            }
            decoded++;
            try {
                ComponentWit.Decoded d = ComponentWit.decode(component);
                WitPrinter.print(d.resolve(), d.main());
                witBuilt++;
            } catch (WitDecodeException e) {
                cleanErrors++;
            } catch (RuntimeException | StackOverflowError e) {
                if (crashes.size() < 5) {
                    StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
                    crashes.add(e + " at " + at);
                }
            }
        }
        System.out.println("WIT robustness: " + decoded + " mutated components decoded, " + witBuilt + " gave WIT, "
                + cleanErrors + " clean errors, " + crashes.size() + " crashes");
        assertEquals(List.of(), crashes);
    }
}
