package dev.wreg.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.SharedData;
import dev.wreg.validator.core.ValidationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every component in ../shared/fixtures/wasm was made by real toolchains (clang + wasm-tools,
 * componentize-js) and is accepted by the reference tools, so the registry must accept each one:
 * a false refusal here would block publishing them.
 */
class FixturesValidTest {

    @Test
    void everyFixtureComponentIsValid() throws IOException {
        Path dir = SharedData.require("fixtures/wasm");
        List<String> refused = new ArrayList<>();
        int count = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".wasm")).sorted().toList()) {
                count++;
                ValidationResult result = Validator.validate(Files.readAllBytes(file));
                if (result instanceof ValidationResult.Invalid invalid) {
                    refused.add(file.getFileName() + ": " + invalid);
                }
            }
        }
        System.out.println("fixtures: " + (count - refused.size()) + " passed, " + refused.size() + " failed");
        assertThat(count).isEqualTo(20);
        assertThat(refused).isEmpty();
    }
}
