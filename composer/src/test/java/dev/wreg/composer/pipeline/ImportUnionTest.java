package dev.wreg.composer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.composer.ComposedOutputs;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.Scenarios;
import dev.wreg.composer.pipeline.ComposePipeline.PlanRequest;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.wave.Wave;
import dev.wreg.engine.wasi.WasiHost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 §3 and scenario 7 of composition-anchors.md §5: open imports of one name (or one semver
 * track) whose declarations each name functions the others lack are merged into one import whose
 * instance type is the union of theirs, under the highest version; a function both declare with
 * different types is refused with wac's aggregation error. union-now and union-resolution* are
 * real (WAT-built) components, so the merged result runs under the engine with a WASI host.
 */
class ImportUnionTest {

    static ComposePipeline.Result plan(String statements) {
        return ComposedOutputs.record(
                statements,
                ComposePipeline.compose(
                        PlanRequest.of("u.wac", "package t:union;\n" + statements, Scenarios.resolver(), List.of())));
    }

    @Test
    void differentFunctionsAtTwoPatchVersionsBecomeOneImportWithBothAtTheHigherVersion() {
        for (String order : List.of("ab", "ba")) {
            String a = "let a = new sc:union-now { ... };\n";
            String b = "let b = new sc:union-resolution { ... };\n";
            var r = plan((order.equals("ab") ? a + b : b + a) + "export a.now-a;\nexport b.res-b;\n");
            assertThat(r.report().imports()).containsExactly("wasi:clocks/monotonic-clock@0.2.3");
            assertThat(importedExports(r.bytes(), "wasi:clocks/monotonic-clock@0.2.3"))
                    .containsExactlyInAnyOrder("instant", "now", "duration", "resolution");
            ScenarioCatalogTest.assertValid(r);
            assertThat(r.report().wit()).contains("now: func()").contains("resolution: func()");
            assertRuns(r.bytes(), "now-a", "res-b");
        }
    }

    @Test
    void differentFunctionsAtOneVersionBecomeTheirUnion() {
        var r = plan("""
                let a = new sc:union-now { ... };
                let c = new sc:union-resolution-same { ... };
                export a.now-a;
                export c.res-c;
                """);
        assertThat(r.report().imports()).containsExactly("wasi:clocks/monotonic-clock@0.2.0");
        assertThat(importedExports(r.bytes(), "wasi:clocks/monotonic-clock@0.2.0"))
                .containsExactlyInAnyOrder("instant", "now", "duration", "resolution");
        ScenarioCatalogTest.assertValid(r);
        assertRuns(r.bytes(), "now-a", "res-c");
    }

    @Test
    void aDeclarationCoveredByTheUnionAddsNothing() {
        var r = plan("""
                let a = new sc:union-now { ... };
                let b = new sc:union-resolution { ... };
                let c = new sc:union-resolution-same { ... };
                export a.now-a;
                export b.res-b;
                export c.res-c;
                """);
        assertThat(r.report().imports()).containsExactly("wasi:clocks/monotonic-clock@0.2.3");
        assertThat(importedExports(r.bytes(), "wasi:clocks/monotonic-clock@0.2.3"))
                .containsExactlyInAnyOrder("instant", "now", "duration", "resolution");
        ScenarioCatalogTest.assertValid(r);
        assertRuns(r.bytes(), "now-a", "res-b", "res-c");
    }

    @Test
    void typesBothDeclareAreDeclaredOnceAndSharedByTheirFunctions() {
        var r = plan("""
                let a = new sc:union-types-a { ... };
                let b = new sc:union-types-b { ... };
                export a.run-a;
                export b.run-b;
                """);
        assertThat(r.report().imports()).containsExactly("s:ut/i");
        assertThat(importedExports(r.bytes(), "s:ut/i"))
                .containsExactlyInAnyOrder("point", "r", "get", "make", "put", "drop-r");
        ScenarioCatalogTest.assertValid(r);
        assertThat(r.report().wit())
                .contains("resource r")
                .contains("get: func() -> point;")
                .contains("make: func() -> r;")
                .contains("put: func(p: point);")
                .contains("drop-r: func(x: borrow<r>);");
    }

    @Test
    void aFunctionBothDeclareWithDifferentTypesIsAConflict() {
        var e = ScenarioCatalogTest.refused(() -> plan("""
                let a = new sc:union-conflict-a { ... };
                let b = new sc:union-conflict-b { ... };
                export a.run-a;
                export b.run-b;
                """));
        assertThat(e.code()).isEqualTo("import-conflict");
        assertThat(e.getMessage())
                .isEqualTo("failed to merge the type definition for implicit import `s:cu/i` due to conflicting"
                        + " types: mismatched type for export `f`: mismatched type for function result: expected"
                        + " `u32`, found `u64`");
        assertThat(e).isInstanceOf(CompositionException.class);
    }

    /** The export names of the instance type the result imports under {@code name}. */
    private static List<String> importedExports(byte[] bytes, String name) {
        var model = ComponentDecoder.decode(bytes);
        List<DefType> types = new ArrayList<>();
        for (Section s : model.sections()) {
            if (s instanceof Section.Types t) {
                types.addAll(t.types());
            } else if (s instanceof Section.Aliases a) {
                a.aliases().stream()
                        .filter(x -> x.sort().equals(dev.wreg.engine.binary.Sort.TYPE))
                        .forEach(x -> types.add(null));
            } else if (s instanceof Section.Imports im) {
                for (Import i : im.imports()) {
                    if (i.type() instanceof ExternType.Type) {
                        types.add(null);
                    }
                    if (i.name().name().equals(name) && i.type() instanceof ExternType.Instance inst) {
                        DefType.InstanceType it = (DefType.InstanceType) types.get(inst.typeIndex());
                        return it.decls().stream()
                                .filter(d -> d instanceof TypeDecl.ExportDecl)
                                .map(d -> ((TypeDecl.ExportDecl) d).name().name())
                                .toList();
                    }
                }
            }
        }
        throw new AssertionError("no instance import " + name);
    }

    /**
     * Runs the result under the engine with a deterministic WASI host: every named export calls
     * through the merged import: the monotonic clock advances between readings, and every export
     * reading the resolution gets the host's one value.
     */
    private static void assertRuns(byte[] bytes, String nowExport, String... resolutionExports) {
        Linker linker = WasiHost.builder().deterministic(1).build().addTo(new Linker());
        ComponentInstance instance = PreparedComponent.fromBytes(bytes).instantiate(linker);
        long first = u64(instance, nowExport);
        long second = u64(instance, nowExport);
        assertThat(second).isGreaterThan(first);
        List<Long> resolutions = new ArrayList<>();
        for (String res : resolutionExports) {
            resolutions.add(u64(instance, res));
        }
        assertThat(resolutions.getFirst()).isPositive();
        assertThat(resolutions).containsOnly(resolutions.getFirst());
    }

    private static long u64(ComponentInstance instance, String export) {
        String fn = instance.resolve(export).orElseThrow();
        List<Val> out = instance.call(fn, List.of());
        return Long.parseUnsignedLong(
                Wave.print(out.getFirst(), instance.type(fn).result()));
    }
}
