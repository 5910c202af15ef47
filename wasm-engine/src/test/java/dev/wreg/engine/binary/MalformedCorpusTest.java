package dev.wreg.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code assert_malformed} case of the validation corpus is a decoding error, so the decoder
 * alone must reject it, except where wasm-tools rejects it only because a feature is off (the
 * decoder reads every feature's encoding; feature gates are the validator's business).
 */
class MalformedCorpusTest {

    @Test
    void decoderRejectsEveryMalformedCase() {
        int passed = 0;
        int sameMessage = 0;
        int featureGated = 0;
        List<String> failures = new ArrayList<>();
        for (SharedCorpus.Case c : SharedCorpus.componentValidationCases()) {
            if (!"assert_malformed".equals(c.directive())) {
                continue;
            }
            if (c.message().contains("feature is not active")) {
                featureGated++;
                continue;
            }
            try {
                ComponentDecoder.decode(SharedCorpus.read(c.file()));
                failures.add(c.source() + ": accepted, expected `" + c.message() + "`");
            } catch (MalformedComponentException e) {
                passed++;
                if (!c.message().isEmpty() && e.getMessage().contains(c.message())) {
                    sameMessage++;
                }
            }
        }
        failures.forEach(f -> System.out.println("FAIL " + f));
        System.out.println("malformed corpus: " + sameMessage + " with wasm-tools' message, " + featureGated
                + " feature-gated cases left to the validator");
        System.out.println(passed + " passed, " + failures.size() + " failed");
        assertThat(failures).isEmpty();
    }
}
