package dev.wreg.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wreg.testsupport.SharedData;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the decoder makes of real components, and the retained-encoding fallback. */
class ComponentDecoderTest {

    private static Component fixture(String name) {
        return ComponentDecoder.decode(SharedCorpus.read(SharedData.require("fixtures/wasm/" + name)));
    }

    @Test
    void greeterExportsItsInterfaceByName() {
        Component c = fixture("greeter-upper.wasm");
        assertThat(c.exports()).extracting(e -> e.name().name()).containsExactly("example:greeter/greet");
        Export export = c.exports().getFirst();
        assertThat(export.item().sort()).isEqualTo(Sort.INSTANCE);
        ExternName.Kind.Interface kind =
                (ExternName.Kind.Interface) export.name().kind();
        assertThat(kind.namespace()).isEqualTo("example");
        assertThat(kind.packageName()).isEqualTo("greeter");
        assertThat(kind.interfaceName()).isEqualTo("greet");
        assertThat(kind.version()).isEmpty();
        assertThat(c.sections(Section.CoreModuleSection.class)).isNotEmpty();
        assertThat(c.sections(Section.Canons.class).stream().flatMap(s -> s.canons().stream()))
                .anyMatch(canon -> canon instanceof Canon.Lift);
    }

    @Test
    void commandImportsVersionedWasiInterfaces() {
        Component c = fixture("hello.wasm");
        List<ExternName.Kind> imports =
                c.imports().stream().map(i -> i.name().kind()).toList();
        assertThat(imports)
                .allMatch(k -> k instanceof ExternName.Kind.Interface i
                        && i.namespace().equals("wasi")
                        && i.version().equals(Optional.of("0.2.12")));
        assertThat(c.exports()).extracting(e -> e.name().name()).contains("wasi:cli/run@0.2.12");
    }

    @Test
    void resourcesAndTheirMethodNamesAreDecoded() {
        Component c = fixture("counter-provider.wasm");
        List<DefType> types = c.sections(Section.Types.class).stream()
                .flatMap(s -> s.types().stream())
                .toList();
        assertThat(types)
                .anyMatch(t -> t instanceof DefType.Resource r && r.destructor().isPresent());
        // The exported instance type names the resource's constructor, methods and statics.
        List<ExternName.Kind> kinds = allNames(c).stream().map(ExternName::kind).toList();
        assertThat(kinds)
                .anyMatch(k -> k instanceof ExternName.Kind.Constructor ctor
                        && ctor.resource().equals("counter"));
        assertThat(kinds)
                .anyMatch(k ->
                        k instanceof ExternName.Kind.Method m && m.resource().equals("counter"));
        assertThat(kinds).anyMatch(k -> k instanceof ExternName.Kind.Static);
    }

    private static List<ExternName> allNames(Component c) {
        java.util.ArrayList<ExternName> out = new java.util.ArrayList<>();
        for (Section s : c.sections()) {
            switch (s) {
                case Section.Imports i -> i.imports().forEach(x -> out.add(x.name()));
                case Section.Exports e -> e.exports().forEach(x -> out.add(x.name()));
                case Section.Types t -> t.types().forEach(d -> collectNames(d, out));
                case Section.NestedComponent n -> out.addAll(allNames(n.component()));
                default -> {}
            }
        }
        return out;
    }

    private static void collectNames(DefType type, List<ExternName> out) {
        List<TypeDecl> decls = switch (type) {
            case DefType.ComponentType ct -> ct.decls();
            case DefType.InstanceType it -> it.decls();
            default -> List.of();
        };
        for (TypeDecl d : decls) {
            switch (d) {
                case TypeDecl.ExportDecl e -> out.add(e.name());
                case TypeDecl.ImportDecl i -> out.add(i.name());
                case TypeDecl.TypeDef t -> collectNames(t.type(), out);
                default -> {}
            }
        }
    }

    @Test
    void typesKitchenHasEveryValueTypeForm() {
        Component c = fixture("types-kitchen.wasm");
        List<Class<?>> forms = c.sections(Section.Types.class).stream()
                .flatMap(s -> s.types().stream())
                .flatMap(t -> t instanceof DefType.InstanceType it
                        ? it.decls().stream()
                                .filter(d -> d instanceof TypeDecl.TypeDef)
                                .map(d -> ((TypeDecl.TypeDef) d).type())
                        : java.util.stream.Stream.of(t))
                .<Class<?>>map(Object::getClass)
                .distinct()
                .toList();
        assertThat(forms)
                .contains(
                        DefValType.EnumType.class,
                        DefValType.FlagsType.class,
                        DefValType.RecordType.class,
                        DefValType.VariantType.class,
                        DefValType.OptionType.class,
                        DefValType.ResultType.class,
                        DefValType.ListType.class,
                        DefValType.TupleType.class,
                        DefType.Func.class);
    }

    @Test
    void coreModulesParseWithTheRuntime() {
        Component c = fixture("greeter-upper.wasm");
        CoreModule module =
                c.sections(Section.CoreModuleSection.class).getFirst().module();
        assertThat(module.parse().exportSection().exportCount()).isPositive();
    }

    @Test
    void componentTypeSectionsInsideCoreModulesAreDecoded() {
        // A core module carrying a `component-type:…` custom section, as `wasm-tools component
        // embed` writes it: the payload is a component exporting the world.
        byte[] world = Bin.component()
                .section(
                        11,
                        new Bin()
                                .u32(1)
                                .raw(0x00)
                                .name("example:greeter/root")
                                .raw(0x03)
                                .u32(0)
                                .raw(0x00))
                .bytes();
        byte[] module = new Bin()
                .raw(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00)
                .section(0, new Bin().name("component-type:root").raw(world))
                .bytes();
        Component c = ComponentDecoder.decode(
                Bin.component().section(1, new Bin().raw(module)).bytes());
        CoreModule core = c.sections(Section.CoreModuleSection.class).getFirst().module();
        assertThat(core.customSections()).extracting(Section.Custom::name).containsExactly("component-type:root");
        assertThat(core.componentTypes()).hasSize(1);
        assertThat(core.componentTypes().getFirst().exports().getFirst().name().name())
                .isEqualTo("example:greeter/root");
    }

    @Test
    void producersAndNamesAreParsed() {
        Component c = fixture("hello.wasm");
        List<Producers> producers = c.sections(Section.Custom.class).stream()
                .flatMap(s -> s.producers().stream())
                .toList();
        assertThat(producers).isNotEmpty();
        assertThat(producers.getFirst().values("processed-by")).isNotEmpty();
    }

    @Test
    void nameKindsFollowTheExplainerGrammar() {
        assertThat(ExternName.of("get-count").kind()).isEqualTo(new ExternName.Kind.Plain("get-count"));
        assertThat(ExternName.of("[constructor]counter").kind()).isEqualTo(new ExternName.Kind.Constructor("counter"));
        assertThat(ExternName.of("[method]counter.get").kind()).isEqualTo(new ExternName.Kind.Method("counter", "get"));
        assertThat(ExternName.of("[static]counter.merge").kind())
                .isEqualTo(new ExternName.Kind.Static("counter", "merge"));
        assertThat(ExternName.of("wasi:cli/run@0.2.3").kind())
                .isEqualTo(new ExternName.Kind.Interface(List.of("wasi"), "cli", List.of("run"), Optional.of("0.2.3")));
        assertThat(ExternName.of("a:b:c/d/e").kind())
                .isEqualTo(new ExternName.Kind.Interface(List.of("a", "b"), "c", List.of("d", "e"), Optional.empty()));
        assertThat(ExternName.of("unlocked-dep=<a:b>").kind()).isInstanceOf(ExternName.Kind.Other.class);
        assertThat(ExternName.of("Not-Kebab").kind()).isInstanceOf(ExternName.Kind.Other.class);
    }

    @Test
    void pathologicalNamesAreClassified() {
        // A backtracking matcher would not come back from this name; the guard only catches a hang
        // (how fast classification is belongs in a benchmark, not here).
        String name = "a" + "-1".repeat(5_000) + "!";
        assertThat(assertTimeoutPreemptively(
                        Duration.ofSeconds(60), () -> ExternName.of(name).kind()))
                .isInstanceOf(ExternName.Kind.Other.class);
    }

    @Test
    void nonMinimalLebSectionsAreKeptVerbatim() {
        // An import section whose size and count are written with padded LEB128s.
        byte[] input = Bin.component()
                .raw(0x0a, 0x89, 0x80, 0x00) // size 9 in three bytes
                .raw(0x81, 0x00) // count 1 in two bytes
                .raw(0x00)
                .name("run")
                .raw(0x01, 0x00)
                .bytes();
        Component c = ComponentDecoder.decode(input);
        assertThat(c.retainedEncodings()).containsOnlyKeys(0);
        assertThat(ComponentEncoder.encode(c)).isEqualTo(input);
        // Changing the section drops the retained bytes: the encoder writes it canonically.
        Section.Imports changed = new Section.Imports(List.of(new Import(ExternName.of("go"), new ExternType.Func(0))));
        Component modified = new Component(List.of(changed), c.retainedEncodings());
        byte[] out = ComponentEncoder.encode(modified);
        assertThat(ComponentDecoder.decode(out).sections()).containsExactly(changed);
        assertThat(ComponentDecoder.decode(out).retainedEncodings()).isEmpty();
    }

    @Test
    void nestedComponentWithPaddedSizeKeepsOnlyItsHeader() {
        byte[] nested = Bin.component()
                .section(10, new Bin().u32(1).raw(0x00).name("x").raw(0x01, 0x00))
                .bytes();
        byte[] input = Bin.component()
                .raw(0x04, 0x80 | nested.length, 0x00)
                .raw(nested)
                .bytes();
        Component c = ComponentDecoder.decode(input);
        assertThat(c.retainedEncodings().get(0).bytes().size()).isEqualTo(3);
        assertThat(ComponentEncoder.encode(c)).isEqualTo(input);
        assertThat(Arrays.equals(ComponentEncoder.encode(Component.of(c.sections())), input))
                .isFalse();
    }

    @Test
    void encoderWritesAModelBuiltByHand() {
        Component c = Component.of(List.of(
                new Section.Types(List.of(
                        new DefValType.RecordType(List.of(new DefValType.Field("x", PrimitiveType.U32))),
                        new DefType.Func(false, List.of(new DefType.Param("p", ValType.ref(0))), Optional.empty()))),
                new Section.Imports(List.of(new Import(ExternName.of("f"), new ExternType.Func(1))))));
        byte[] bytes = ComponentEncoder.encode(c);
        assertThat(ComponentDecoder.decode(bytes)).isEqualTo(c);
    }
}
