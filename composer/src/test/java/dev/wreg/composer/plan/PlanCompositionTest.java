package dev.wreg.composer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.composer.ComposedOutputs;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.composer.pipeline.ComposePipeline;
import dev.wreg.composer.pipeline.ComposePipeline.PlanRequest;
import dev.wreg.composer.pipeline.CompositionReport;
import dev.wreg.testsupport.NeedsSharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans over the shared fixtures, resolved from a wac-style deps/ folder, with the results of calls.json. */
@NeedsSharedData("fixtures/wasm")
class PlanCompositionTest {
    @TempDir
    static Path tmp;

    static PackageResolver deps;

    @BeforeAll
    static void layOutDeps() {
        deps = new DepsDirectoryResolver(FixtureDeps.create(tmp), LoadedPackage.DEFAULT_MAX_BYTES);
    }

    static ComposePipeline.Result compose(String source) {
        return ComposedOutputs.record(
                source, ComposePipeline.compose(PlanRequest.of("plan.wac", source, deps, List.of("run()"))));
    }

    static CompositionException refused(String source) {
        try {
            compose(source);
        } catch (CompositionException e) {
            return e;
        }
        throw new AssertionError("the plan was not refused");
    }

    static void assertRuns(ComposePipeline.Result r, String expected) {
        assertThat(r.report().checks())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.passed())
                        .as("%s: %s", c.name(), c.detail())
                        .isTrue());
        assertThat(r.report().smokeRun().possible())
                .as("smoke run: %s", r.report().smokeRun().reason())
                .isTrue();
        assertThat(r.report().smokeRun().calls().getFirst().error()).as("run()").isEmpty();
        assertThat(r.report().smokeRun().calls().getFirst().result()).contains(expected);
    }

    @Test
    void namedArgumentWithInferredAccess() {
        var r = compose("""
                package demo:composed;
                // the plug first: names must be defined before use
                let upper = new example:greeter-upper {};
                let socket = new example:greeter-socket { greet: upper.greet };
                export socket.run;
                """);
        assertThat(r.report().exports()).containsExactly("run");
        assertThat(r.report().imports()).isEmpty();
        assertThat(r.report().wiring())
                .extracting(Object::toString)
                .containsExactly("socket example:greeter/greet <- upper example:greeter/greet");
        assertRuns(r, "\"WREG\"");
    }

    @Test
    void inferredArgumentFromAnAliasWithAPath() {
        var r = compose("""
                package demo:composed;
                let g = new example:greeter-reverse {}["example:greeter/greet"];
                let socket = new example:greeter-socket { g };
                export socket.run as "run";
                """);
        assertRuns(r, "\"gerw\"");
    }

    @Test
    void spreadArgumentsChainAndSpreadExport() {
        var r = compose("""
                package demo:composed;
                let upper = new example:greeter-upper {};
                let e1 = new example:greeter-exclaim { ...upper };
                let e2 = new example:greeter-exclaim { ...e1 };
                let socket = new example:greeter-socket { ...e2 };
                export socket...;
                """);
        assertThat(r.report().wiring()).hasSize(3);
        assertThat(r.report().exports()).containsExactly("run");
        // exclaim is embedded once and instantiated twice
        assertRuns(r, "\"WREG!!\"");
    }

    @Test
    void trailingFillLeavesTheRestAsImportsOfTheResult() {
        var r = compose("""
                package demo:composed;
                let socket = new example:greeter-socket { ... };
                export socket.run;
                """);
        assertThat(r.report().imports()).containsExactly("example:greeter/greet");
        assertThat(r.report().smokeRun().possible()).isFalse();
    }

    @Test
    void explicitImportRenamesTheOpenImport() {
        var r = compose("""
                package demo:composed;
                import greet as "upstream-greet": example:greeter/greet;
                let socket = new example:greeter-socket { greet };
                export socket.run;
                """);
        assertThat(r.report().imports()).containsExactly("upstream-greet");
        assertThat(r.report().checks()).allMatch(CompositionReport.Check::passed);
    }

    @Test
    void versionRequirementsResolveFromTheVersionedDepsLayout() {
        var r = compose("""
                package demo:calc;
                let ops = new example:calc-provider@^1.0 {};
                let consumer = new example:calc-consumer@1.1.0 { ...ops };
                export consumer.run;
                """);
        assertThat(r.report().wiring().getFirst().providerExport()).isEqualTo("example:calc/ops@1.1.0");
        assertRuns(r, "35");
        var v2 = compose("""
                package demo:calc;
                let ops = new example:calc-provider@2 {};
                let consumer = new example:calc-consumer@2.0.0 { ops: ops.ops };
                export consumer.run;
                """);
        assertRuns(v2, "-4999999997");
    }

    @Test
    void resourcesPassThroughAWholeExportedInterface() {
        var r = compose("""
                package demo:counter;
                let provider = new example:counter-provider {};
                let user = new example:counter-user { counters: provider.counters };
                export user.run;
                """);
        assertThat(r.report().imports()).isEmpty();
        assertThat(r.report().wiring()).hasSize(1);
        assertRuns(r, "23210");
    }

    @Test
    void typeMismatchIsReportedWithItsChainAndPosition() {
        var e = refused("""
                package demo:calc;
                let ops = new example:calc-provider@1.0.0 {};
                let consumer = new example:calc-consumer@1.1.0 { ops: ops.ops };
                export consumer.run;
                """);
        assertThat(e.code()).isEqualTo("type-mismatch");
        assertThat(e.getMessage())
                .isEqualTo("plan.wac:3:50: mismatched instantiation argument `example:calc/ops@1.1.0`: instance is"
                        + " missing expected function export `mul`");
    }

    @Test
    void unknownPackageAndUnknownVersion() {
        var e = refused("""
                package demo:x;
                let a = new example:nothing-here {};
                """);
        assertThat(e.code()).isEqualTo("unknown-package");
        assertThat(e.getMessage()).isEqualTo("plan.wac:2:9: unknown package `example:nothing-here`");
        var v = refused("""
                package demo:x;
                let a = new example:calc-provider@3.0.0 {};
                """);
        assertThat(v.code()).isEqualTo("unknown-version");
        assertThat(v.getMessage())
                .isEqualTo("plan.wac:2:9: version 3.0.0 of package `example:calc-provider` does not exist");
    }

    @Test
    void aPackageThatIsNotAComponent(@TempDir Path other) throws Exception {
        Path ns = java.nio.file.Files.createDirectories(other.resolve("bad"));
        java.nio.file.Files.write(ns.resolve("core.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        var resolver = new DepsDirectoryResolver(other, 1000);
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                CompositionException.class,
                () -> ComposePipeline.compose(PlanRequest.of(
                        "p.wac", "package a:b;\nlet x = new bad:core {};\nexport x...;\n", resolver, List.of())));
        assertThat(e.getMessage()).isEqualTo("p.wac:2:9: `bad:core` is a core WebAssembly module, not a component");
    }
}
