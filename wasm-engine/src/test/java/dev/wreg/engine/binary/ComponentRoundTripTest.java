package dev.wreg.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /**
     * A further check beyond the brief: the execution corpus's components (also text-encoded by
     * wasm-tools) re-encode byte for byte, and exactly those its commands call malformed are
     * rejected.
     */
    @Test
    void roundTripsTheExecutionCorpus() throws IOException {
        Path dir = SharedData.require("conformance/component-execution");
        Set<String> malformed = new TreeSet<>();
        Pattern line = Pattern.compile("\"component\":\"([^\"]+)\".*\"expect\":\"malformed\"");
        for (String l : Files.readAllLines(dir.resolve("commands.jsonl"))) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                malformed.add(Path.of(m.group(1)).getFileName().toString());
            }
        }
        int passed = 0;
        List<String> failures = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir.resolve("wasm"))) {
            files = list.sorted().toList();
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            byte[] input = SharedCorpus.read(p);
            try {
                byte[] output = ComponentEncoder.encode(ComponentDecoder.decode(input));
                if (malformed.contains(name)) {
                    failures.add(name + ": decoded, but the corpus says malformed");
                } else if (Arrays.equals(input, output)) {
                    passed++;
                } else {
                    failures.add(name + ": re-encoding differs at byte " + Arrays.mismatch(input, output));
                }
            } catch (MalformedComponentException e) {
                if (malformed.contains(name)) {
                    passed++;
                } else {
                    failures.add(name + ": " + e.getMessage());
                }
            }
        }
        failures.forEach(f -> System.out.println("FAIL " + f));
        System.out.println("execution corpus: " + (files.size() - malformed.size()) + " byte-identical, "
                + malformed.size() + " malformed rejected");
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
