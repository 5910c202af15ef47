package dev.wreg.validator.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.NeedsSharedData;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** Whatever the bytes, validation returns a verdict: no exception, no hang. */
class CoreValidatorFuzzTest {

    private static List<byte[]> seeds;

    /** Loaded by the generator (not in a static initializer, so that missing data skips). */
    private static synchronized List<byte[]> seeds() {
        if (seeds == null) {
            seeds = loadSeeds();
        }
        return seeds;
    }

    private static List<byte[]> loadSeeds() {
        Path dir = SharedData.require("conformance/core-validation/wasm");
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted()
                    .limit(400)
                    .map(p -> {
                        try {
                            return Files.readAllBytes(p);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedModules() {
        List<byte[]> all = seeds();
        return Arbitraries.integers().between(0, all.size() - 1).flatMap(i -> {
            byte[] seed = all.get(i);
            return Arbitraries.integers()
                    .between(0, Math.max(0, seed.length - 1))
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(4)
                    .flatMap(positions -> Arbitraries.bytes()
                            .list()
                            .ofSize(positions.size())
                            .map(values -> {
                                byte[] copy = seed.clone();
                                for (int k = 0; k < positions.size() && copy.length > 0; k++) {
                                    copy[positions.get(k)] = values.get(k);
                                }
                                return copy;
                            }));
        });
    }

    @Property(tries = 1500)
    @NeedsSharedData("conformance/core-validation/wasm")
    @AddLifecycleHook(NeedsSharedData.PropertyHook.class)
    void mutatedModulesGetAVerdict(@ForAll("mutatedModules") byte[] module) {
        ValidationResult r = CoreValidator.of(Features.defaults()).validate(module);
        assertThat(r).isNotNull();
        if (r instanceof ValidationResult.Invalid bad) {
            assertThat(bad.message()).doesNotStartWith("internal validator error");
        }
    }

    @Property(tries = 1000)
    void randomBytesAfterTheHeaderGetAVerdict(@ForAll byte[] tail) {
        byte[] module = new byte[8 + tail.length];
        System.arraycopy(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 0, module, 0, 8);
        System.arraycopy(tail, 0, module, 8, tail.length);
        ValidationResult r = CoreValidator.of(Features.defaults()).validate(module);
        if (r instanceof ValidationResult.Invalid bad) {
            assertThat(bad.message()).doesNotStartWith("internal validator error");
        }
    }
}
