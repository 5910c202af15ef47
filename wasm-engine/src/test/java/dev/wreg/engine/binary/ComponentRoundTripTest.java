package dev.wreg.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * decode → encode over every valid component of the validation corpus and every fixture: byte
 * identical for text-encoded cases and fixtures; for hand-written binary cases, decode → encode →
 * decode gives an equal model.
 */
class ComponentRoundTripTest {

    @Test
    void roundTripsTheCorpusAndFixtures() {
        int passed = 0;
        int retainedSections = 0;
        List<String> failures = new ArrayList<>();
        List<Path> byteIdentical = new ArrayList<>(SharedCorpus.fixtures());
        List<Path> modelEqual = new ArrayList<>();
        for (SharedCorpus.Case c : SharedCorpus.componentValidationCases()) {
            if (!c.expect().equals("valid")) {
                continue;
            }
            (c.encoding().equals("text") ? byteIdentical : modelEqual).add(c.file());
        }
        for (Path p : byteIdentical) {
            byte[] input = SharedCorpus.read(p);
            try {
                Component component = ComponentDecoder.decode(input);
                retainedSections += countRetained(component);
                byte[] output = ComponentEncoder.encode(component);
                if (Arrays.equals(input, output)) {
                    passed++;
                } else {
                    failures.add(p.getFileName() + ": re-encoding differs at byte " + Arrays.mismatch(input, output));
                }
            } catch (ComponentFormatException e) {
                failures.add(p.getFileName() + ": " + e.getMessage());
            }
        }
        for (Path p : modelEqual) {
            try {
                Component first = ComponentDecoder.decode(SharedCorpus.read(p));
                Component second = ComponentDecoder.decode(ComponentEncoder.encode(first));
                if (first.equals(second)) {
                    passed++;
                } else {
                    failures.add(p.getFileName() + ": model differs after re-encoding");
                }
            } catch (ComponentFormatException e) {
                failures.add(p.getFileName() + ": " + e.getMessage());
            }
        }
        failures.forEach(f -> System.out.println("FAIL " + f));
        System.out.println("round trip: " + byteIdentical.size() + " byte-identical cases, " + modelEqual.size()
                + " model-equal cases; sections kept for non-minimal LEB128s: " + retainedSections);
        System.out.println(passed + " passed, " + failures.size() + " failed");
        assertThat(failures).isEmpty();
    }

    private static int countRetained(Component c) {
        int n = c.retainedEncodings().size();
        for (Section s : c.sections()) {
            if (s instanceof Section.NestedComponent nested) {
                n += countRetained(nested.component());
            }
        }
        return n;
    }
}
