package dev.wreg.composer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.composer.ComposedOutputs;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.Scenarios;
import dev.wreg.composer.pipeline.ComposePipeline;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random plans built from WAC tokens: every one either composes or is refused with a typed error. */
class PlanRobustnessTest {
    private static final String[] TOKENS = {
        "package",
        "t:x",
        ";",
        "let",
        "a",
        "b",
        "=",
        "new",
        "sc:socket-basic",
        "sc:plug-superset",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "\"s:drift/i\"",
        ",",
        ".",
        "...",
        "i",
        "run",
        "export",
        "as",
        "\"n\"",
        "import",
        ":",
        "s:drift/i",
        "@",
        "1.0.0",
        "/*",
        "*/",
        "//",
        "\n",
        "%",
        "é",
        "\"",
        "interface"
    };

    @Test
    void randomTokenSequencesNeverCrash() {
        Random random = new Random(8);
        int refused = 0;
        for (int n = 0; n < 1500; n++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "package t:x;\n" : "");
            int len = random.nextInt(30);
            for (int k = 0; k < len; k++) {
                b.append(TOKENS[random.nextInt(TOKENS.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            try {
                ComposedOutputs.record(
                        b.toString(),
                        ComposePipeline.compose(ComposePipeline.PlanRequest.of(
                                "r.wac", b.toString(), Scenarios.resolver(), List.of())));
            } catch (CompositionException e) {
                assertThat(e.code()).isNotBlank();
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
        }
        assertThat(refused).isPositive();
    }
}
