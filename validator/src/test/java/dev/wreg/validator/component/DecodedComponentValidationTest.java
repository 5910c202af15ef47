package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.binary.WasmHeader;
import dev.wreg.validator.conformance.ValidationCorpus;
import dev.wreg.validator.core.Features;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A caller that has decoded a component already (the composer) validates the decoded form without
 * a second decode; the verdict, message and offset must be those of validating the bytes, and
 * embedded modules, validated where they lie in the component's bytes, report the same offsets.
 */
class DecodedComponentValidationTest {

    @Test
    void theDecodedFormGetsTheVerdictOfTheBytes() throws IOException {
        ValidationCorpus corpus = ValidationCorpus.of("component-validation", ComponentValidationConformanceTest.class);
        int compared = 0;
        for (ValidationCorpus.Case c : corpus.cases()) {
            byte[] bytes = corpus.bytes(c);
            if (!WasmHeader.isComponent(bytes)) {
                continue;
            }
            ComponentDecoder.Located decoded;
            try {
                decoded = ComponentDecoder.decodeLocated(bytes);
            } catch (ComponentFormatException e) {
                continue;
            }
            ComponentValidator v = ComponentValidator.of(Features.parse(c.features()));
            assertThat(v.validate(bytes, decoded)).as(c.id()).isEqualTo(v.validate(bytes));
            compared++;
        }
        assertThat(compared).isGreaterThan(1000);
    }
}
