package dev.wreg.composer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.ComposedOutputs;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.Fixtures;
import dev.wreg.composer.pipeline.ComposePipeline.PlugRequest;
import dev.wreg.testsupport.NeedsSharedData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The accept/refuse table of the fixtures' expected/compositions.md, with the results of calls.json. */
@NeedsSharedData("fixtures/wasm")
class FixtureCompositionTest {

    static ComposePipeline.Result plug(String socket, boolean transitive, String... plugs) {
        List<ComposeInput> inputs = Arrays.stream(plugs).map(Fixtures::input).toList();
        return ComposedOutputs.record(
                socket + "+" + String.join("+", plugs) + (transitive ? " transitive" : ""),
                ComposePipeline.plug(PlugRequest.of(Fixtures.input(socket), inputs, transitive, List.of("run()"))));
    }

    /** Every check of the report passed; a failed one is named with its detail. */
    static void assertAllChecksPass(CompositionReport report) {
        assertThat(report.checks())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.passed())
                        .as("%s: %s", c.name(), c.detail())
                        .isTrue());
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            greeter-socket      | greeter-upper                                        | "WREG"
            greeter-socket      | greeter-reverse                                      | "gerw"
            greeter-socket      | greeter-exclaim greeter-upper                        | "WREG!"
            greeter-socket      | greeter-exclaim greeter-reverse                      | "gerw!"
            greeter-socket      | greeter-exclaim greeter-exclaim greeter-upper        | "WREG!!"
            calc-consumer-1.0.0 | calc-provider-1.0.0                                  | 42
            calc-consumer-1.0.0 | calc-provider-1.1.0                                  | 42
            calc-consumer-1.1.0 | calc-provider-1.1.0                                  | 35
            calc-consumer-2.0.0 | calc-provider-2.0.0                                  | -4999999997
            counter-user        | counter-provider                                     | 23210
            """)
    void acceptedCompositionsRunToTheReferenceResult(String socket, String plugs, String expected) {
        var r = plug(socket, true, plugs.split(" "));
        assertThat(r.report().imports()).isEmpty();
        assertThat(r.report().wiring()).hasSize(plugs.split(" ").length);
        // wreg's own validator and smoke run are under test here too: a refusal fails, never skips.
        assertAllChecksPass(r.report());
        assertThat(r.report().smokeRun().possible())
                .as("smoke run: %s", r.report().smokeRun().reason())
                .isTrue();
        assertThat(r.report().smokeRun().calls().getFirst().error()).as("run()").isEmpty();
        assertThat(r.report().smokeRun().calls().getFirst().result()).contains(expected);
    }

    @ParameterizedTest(name = "{0} + {1} refused: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            greeter-socket      | calc-provider-1.0.0 | no-matching-imports
            greeter-socket      | counter-provider    | no-matching-imports
            greeter-socket      | types-kitchen       | no-matching-imports
            calc-consumer-1.0.0 | calc-provider-2.0.0 | no-matching-imports
            calc-consumer-1.1.0 | calc-provider-2.0.0 | no-matching-imports
            calc-consumer-2.0.0 | calc-provider-1.0.0 | no-matching-imports
            calc-consumer-2.0.0 | calc-provider-1.1.0 | no-matching-imports
            calc-consumer-1.1.0 | calc-provider-1.0.0 | type-mismatch
            """)
    void refusedCompositions(String socket, String plug, String code) {
        assertThatThrownBy(() -> plug(socket, false, plug))
                .isInstanceOfSatisfying(
                        CompositionException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @org.junit.jupiter.api.Test
    void olderProviderIsRefusedWithTheMissingFunction() {
        assertThatThrownBy(() -> plug("calc-consumer-1.1.0", false, "calc-provider-1.0.0"))
                .hasMessage("plug `plug:calc-provider-1.0.0` export `example:calc/ops@1.0.0` does not fit import"
                        + " `example:calc/ops@1.1.0` of `socket`: mismatched instantiation argument"
                        + " `example:calc/ops@1.1.0`: instance is missing expected function export `mul`");
    }

    @org.junit.jupiter.api.Test
    void exclaimAloneLeavesTheGreetImportOpen() {
        var r = plug("greeter-socket", false, "greeter-exclaim");
        assertThat(r.report().checks()).allMatch(CompositionReport.Check::passed);
        assertThat(r.report().imports()).containsExactly("example:greeter/greet");
        assertThat(r.report().smokeRun().possible()).isFalse();
        assertThat(r.report().smokeRun().unsatisfiedImports()).contains("example:greeter/greet");
        assertThat(r.report().wit()).contains("import example:greeter/greet;");
    }

    @org.junit.jupiter.api.Test
    void twoPlugsForOneImportAreRefusedNamingBoth() {
        assertThatThrownBy(() -> plug("greeter-socket", false, "greeter-upper", "greeter-reverse"))
                .isInstanceOfSatisfying(
                        CompositionException.class, e -> assertThat(e.code()).isEqualTo("ambiguous-plug"))
                .hasMessageContaining("`plug:greeter-upper`")
                .hasMessageContaining("`plug:greeter-reverse`");
    }
}
