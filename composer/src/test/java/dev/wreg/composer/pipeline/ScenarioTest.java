package dev.wreg.composer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.ComposedOutputs;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.Fixtures;
import dev.wreg.composer.pipeline.ComposePipeline.PlugRequest;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.Section;
import dev.wreg.testsupport.NeedsSharedData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenarios of composition-anchors.md §5, each with the outcome we chose (wac's, made explicit). */
@NeedsSharedData("fixtures/wasm")
class ScenarioTest {

    private static CompositionException refused(Runnable r) {
        try {
            r.run();
        } catch (CompositionException e) {
            return e;
        }
        throw new AssertionError("the composition was not refused");
    }

    private static ComposeInput bytes(String name, int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return new ComposeInput(name, out);
    }

    private static void plugWith(ComposeInput socket, ComposeInput plug) {
        ComposedOutputs.record(
                socket.name() + "+" + plug.name(),
                ComposePipeline.plug(PlugRequest.of(socket, List.of(plug), false, List.of())));
    }

    @Test
    void s01BasicPlugReexportsSocketExportsAndNotPlugExports() {
        var r = FixtureCompositionTest.plug("greeter-socket", false, "greeter-upper");
        assertThat(r.report().exports()).containsExactly("run");
        assertThat(r.report().wiring()).hasSize(1);
    }

    @Test
    void s03PlugLackingAFunctionIsRefusedWithTheChainInsteadOfSkipped() {
        var e = refused(() -> FixtureCompositionTest.plug("calc-consumer-1.1.0", false, "calc-provider-1.0.0"));
        assertThat(e.code()).isEqualTo("type-mismatch");
        assertThat(e.getMessage()).endsWith("instance is missing expected function export `mul`");
    }

    @Test
    void s05SameTrackSkewUsesTheSocketsOwnImportName() {
        var r = FixtureCompositionTest.plug("calc-consumer-1.0.0", false, "calc-provider-1.1.0");
        var w = r.report().wiring().getFirst();
        assertThat(w.importName()).isEqualTo("example:calc/ops@1.0.0");
        assertThat(w.providerExport()).isEqualTo("example:calc/ops@1.1.0");
    }

    @Test
    void s06CrossTrackSkewMatchesNothing() {
        var e = refused(() -> FixtureCompositionTest.plug("calc-consumer-1.0.0", false, "calc-provider-2.0.0"));
        assertThat(e.getMessage())
                .isEqualTo("the socket component had no matching imports for the plugs that were provided");
    }

    @Test
    void s09TwoPlugsForOneImportNameBoth() {
        var e = refused(() -> FixtureCompositionTest.plug("greeter-socket", false, "greeter-reverse", "greeter-upper"));
        assertThat(e.getMessage())
                .isEqualTo("import `example:greeter/greet` of `socket` is provided by both `plug:greeter-reverse` and"
                        + " `plug:greeter-upper`; pass only one of them (or chain them with --transitive)");
    }

    @Test
    void s10ChainWithoutTransitiveLeavesTheMiddleImportOpenAndTransitiveFillsIt() {
        var e = refused(() -> FixtureCompositionTest.plug("greeter-socket", false, "greeter-exclaim", "greeter-upper"));
        assertThat(e.code()).isEqualTo("ambiguous-plug");
        var r = FixtureCompositionTest.plug("greeter-socket", true, "greeter-exclaim", "greeter-upper");
        assertThat(r.report().imports()).isEmpty();
        assertThat(r.report().wiring())
                .extracting(Object::toString)
                .containsExactly(
                        "socket example:greeter/greet <- plug:greeter-exclaim example:greeter/greet",
                        "plug:greeter-exclaim example:greeter/greet <- plug:greeter-upper example:greeter/greet");
    }

    @Test
    void transitiveRefusesAPlugThatFillsNothing() {
        var e = refused(() -> FixtureCompositionTest.plug("greeter-socket", true, "greeter-upper", "greeter-reverse"));
        assertThat(e.code()).isEqualTo("unused-plug");
        assertThat(e.getMessage()).contains("`plug:greeter-reverse`");
    }

    @Test
    void s11NoNamesMatch() {
        var e = refused(() -> FixtureCompositionTest.plug("greeter-socket", false, "types-kitchen"));
        assertThat(e.code()).isEqualTo("no-matching-imports");
    }

    @Test
    void s12InputsThatAreNotComponents() {
        ComposeInput socket = Fixtures.input("greeter-socket");
        assertThat(refused(() -> plugWith(socket, bytes("junk", 'h', 'e', 'l', 'l', 'o')))
                        .getMessage())
                .isEqualTo("`junk` is not a binary-encoded WebAssembly component");
        assertThat(refused(() -> plugWith(socket, bytes("core", 0, 'a', 's', 'm', 1, 0, 0, 0)))
                        .getMessage())
                .isEqualTo("`core` is a core WebAssembly module, not a component");
        byte[] upper = Fixtures.input("greeter-upper").bytes();
        ComposeInput truncated = new ComposeInput("truncated", Arrays.copyOf(upper, upper.length / 2));
        assertThat(refused(() -> plugWith(socket, truncated)).getMessage())
                .startsWith("failed to parse package `truncated`: ");
        assertThat(refused(() -> plugWith(socket, bytes("version", 0, 'a', 's', 'm', 0x0c, 0, 1, 0)))
                        .getMessage())
                .startsWith("failed to parse package `version`: ");
    }

    @Test
    void oversizedInputIsRefusedBeforeDecoding() {
        var request = new PlugRequest(
                Fixtures.input("greeter-socket"), List.of(Fixtures.input("greeter-upper")), false, List.of(), 1000);
        var e = refused(() -> ComposePipeline.plug(request));
        assertThat(e.code()).isEqualTo("input-too-large");
    }

    @Test
    void s24OnePackageInstantiatedTwiceIsEmbeddedOnce() {
        var r = FixtureCompositionTest.plug(
                "greeter-socket", true, "greeter-exclaim", "greeter-exclaim", "greeter-upper");
        var model = ComponentDecoder.decode(r.bytes());
        assertThat(model.sections(Section.NestedComponent.class)).hasSize(3);
        assertThat(model.sections(Section.Instances.class)).hasSize(4);
        assertThat(r.report().checks().getFirst().passed()).isTrue();
        assertThat(new String(r.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("unlocked-dep=");
    }

    @Test
    void aPlugFromAnotherToolchainLeavesItsWasiImportsOpen() {
        var r = FixtureCompositionTest.plug("greeter-socket", false, "greeter-js");
        assertThat(r.report().imports()).isNotEmpty().allMatch(n -> n.startsWith("wasi:"));
        // wreg's validator accepts this output as wasmparser (jco transpile) does
        FixtureCompositionTest.assertAllChecksPass(r.report());
        assertThat(r.report().wit()).contains("import wasi:io/streams@0.2.12;");
        assertThat(r.report().smokeRun().possible()).isFalse();
        assertThat(r.report().smokeRun().unsatisfiedImports())
                .isEqualTo(r.report().imports());
    }

    @Test
    void s01PlugImportsSurfaceAsImportsOfTheResult() {
        var r = FixtureCompositionTest.plug("greeter-socket", false, "greeter-exclaim");
        // exclaim fills the socket's greet and brings its own greet import, which stays open
        assertThat(r.report().wiring()).hasSize(1);
        assertThat(r.report().imports()).containsExactly("example:greeter/greet");
        assertThat(r.report().exports()).containsExactly("run");
    }

    @Test
    void s11AWitOnlyPackageMatchesNothing() {
        var parsed = dev.wreg.engine.wit.text.WitParser.parseString(
                "greet.wit", "package example:greeter;\ninterface greet { greet: func(name: string) -> string; }\n");
        byte[] witOnly = dev.wreg.engine.wit.component.WitPackageEncoder.encode(parsed.resolve(), parsed.main());
        var e = refused(() -> plugWith(Fixtures.input("greeter-socket"), new ComposeInput("greet-wit", witOnly)));
        assertThat(e.getMessage())
                .isEqualTo("the socket component had no matching imports for the plugs that were provided");
    }

    @Test
    void s13AGraphWithACycleIsNotEncoded() {
        var socket = dev.wreg.composer.graph.LoadedPackage.load(
                Fixtures.input("greeter-socket"), dev.wreg.composer.graph.LoadedPackage.DEFAULT_MAX_BYTES);
        var exclaim = dev.wreg.composer.graph.LoadedPackage.load(
                Fixtures.input("greeter-exclaim"), dev.wreg.composer.graph.LoadedPackage.DEFAULT_MAX_BYTES);
        String greet = "example:greeter/greet";
        var sort = dev.wreg.engine.binary.Sort.INSTANCE;
        // two exclaims feeding each other, then the socket
        var graph = new dev.wreg.composer.graph.CompositionGraph(
                List.of(exclaim, socket),
                List.of(
                        new dev.wreg.composer.graph.CompositionGraph.Instantiation(
                                "a",
                                0,
                                java.util.Map.of(
                                        greet, new dev.wreg.composer.graph.CompositionGraph.Argument(1, greet, sort))),
                        new dev.wreg.composer.graph.CompositionGraph.Instantiation(
                                "b",
                                0,
                                java.util.Map.of(
                                        greet, new dev.wreg.composer.graph.CompositionGraph.Argument(0, greet, sort))),
                        new dev.wreg.composer.graph.CompositionGraph.Instantiation(
                                "socket",
                                1,
                                java.util.Map.of(
                                        greet, new dev.wreg.composer.graph.CompositionGraph.Argument(1, greet, sort)))),
                2);
        var e = refused(() -> dev.wreg.composer.encode.GraphEncoder.encode(graph));
        assertThat(e.code()).isEqualTo("cycle");
        assertThat(e.getMessage()).isEqualTo("the graph contains a cycle and cannot be encoded");
    }

    @Test
    void s24AComposedOutputIsASocketAndAPlugAgain() {
        // socket + exclaim leaves greet open; that result is a socket for upper
        byte[] half = FixtureCompositionTest.plug("greeter-socket", false, "greeter-exclaim")
                .bytes();
        var again = ComposedOutputs.record(
                "(socket+exclaim)+upper",
                ComposePipeline.plug(PlugRequest.of(
                        new ComposeInput("socket-exclaim", half),
                        List.of(Fixtures.input("greeter-upper")),
                        false,
                        List.of("run()"))));
        assertThat(again.report().imports()).isEmpty();
        assertThat(again.report().checks()).allMatch(CompositionReport.Check::passed);
        assertThat(again.report().smokeRun().calls().getFirst().result()).contains("\"WREG!\"");
        // exclaim + upper exports greet: a plug for the socket
        var plugged = ComposedOutputs.record(
                "exclaim+upper",
                ComposePipeline.plug(PlugRequest.of(
                        Fixtures.input("greeter-exclaim"),
                        List.of(Fixtures.input("greeter-upper")),
                        false,
                        List.of())));
        var r = ComposedOutputs.record(
                "socket+(exclaim+upper)",
                ComposePipeline.plug(PlugRequest.of(
                        Fixtures.input("greeter-socket"),
                        List.of(new ComposeInput("exclaim-upper", plugged.bytes())),
                        false,
                        List.of("run()"))));
        assertThat(r.report().checks()).allMatch(CompositionReport.Check::passed);
        assertThat(r.report().smokeRun().calls().getFirst().result()).contains("\"WREG!\"");
    }

    @Test
    void refusedWithoutPlugs() {
        assertThatThrownBy(() -> ComposePipeline.plug(
                        PlugRequest.of(Fixtures.input("greeter-socket"), List.of(), false, List.of())))
                .isInstanceOf(CompositionException.class)
                .hasMessage("at least one plug is required");
    }
}
