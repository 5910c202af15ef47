package dev.wreg.validator.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentEncoder;
import dev.wreg.engine.binary.CoreType;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.validator.Validator;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Three rules the validator once let through, each found in the spec's own tests (wasm-tools'
 * {@code component-model/alias.wast} and {@code values/values.wast}, the component-model
 * repository's {@code validation/outer-alias.wast} and {@code validation/resources.wast}) and
 * written here as components built with the project's encoder:
 *
 * <ul>
 *   <li>a component or instance type declares only types and instances, so its aliases may only
 *       name those (Explainer.md, "Type definitions": {@code alias} in {@code componentdecl} and
 *       {@code instancedecl} is restricted to the {@code type} and {@code instance} sorts);
 *   <li>values are linear: every value a component defines or imports must be consumed by an
 *       instantiation, the start function or an export (Explainer.md, "Value definitions");
 *   <li>an export ascribed {@code (sub resource)} (directly or in an instance type) names a new
 *       abstract resource, which a concrete resource is not a subtype of: wasm-tools refuses the
 *       export ("resource types are not the same").
 * </ul>
 */
class AliasValueAndAscriptionRulesTest {

    private static byte[] encode(Section... sections) {
        return ComponentEncoder.encode(Component.of(List.of(sections)));
    }

    private static ValidationResult.Invalid invalid(byte[] bytes, String features) {
        ValidationResult r = Validator.validate(bytes, Features.parse(features));
        assertThat(r).isInstanceOf(ValidationResult.Invalid.class);
        return (ValidationResult.Invalid) r;
    }

    private static void valid(byte[] bytes, String features) {
        assertThat(Validator.validate(bytes, Features.parse(features))).isEqualTo(ValidationResult.valid());
    }

    /**
     * {@code (type (component (import "x" (instance $I (export "e" …))) (alias export $I "e" (SORT))))}
     * where the instance type's export {@code e} is a function or a type, as {@code sort} says.
     */
    private static byte[] componentTypeAliasing(Sort sort) {
        List<TypeDecl> instanceDecls = sort == Sort.Kind.FUNC
                ? List.of(
                        new TypeDecl.TypeDef(new DefType.Func(false, List.of(), Optional.empty())),
                        new TypeDecl.ExportDecl(ExternName.of("e"), new ExternType.Func(0)))
                : List.of(
                        new TypeDecl.TypeDef(PrimitiveType.U8),
                        new TypeDecl.ExportDecl(
                                ExternName.of("e"), new ExternType.Type(new ExternType.TypeBound.Eq(0))));
        return encode(new Section.Types(List.of(new DefType.ComponentType(List.of(
                new TypeDecl.TypeDef(new DefType.InstanceType(instanceDecls)),
                new TypeDecl.ImportDecl(ExternName.of("x"), new ExternType.Instance(0)),
                new TypeDecl.AliasDecl(new Alias.InstanceExport(sort, 0, "e")))))));
    }

    @Test
    void aComponentTypeMayNotAliasAFunction() {
        ValidationResult.Invalid r = invalid(componentTypeAliasing(Sort.Kind.FUNC), "");
        assertThat(r.message())
                .isEqualTo("aliases in a component or instance type may only refer to types or instances");
        assertThat(r.offset()).isPresent();
    }

    @Test
    void aComponentTypeMayAliasAType() {
        valid(componentTypeAliasing(Sort.Kind.TYPE), "");
    }

    @Test
    void aComponentTypeMayNotAliasAnOuterComponent() {
        // (component $C (component $D) (type (component (alias outer $C $D (component)))))
        byte[] bytes = encode(
                new Section.NestedComponent(Component.of(List.of())),
                new Section.Types(List.of(new DefType.ComponentType(
                        List.of(new TypeDecl.AliasDecl(new Alias.Outer(Sort.Kind.COMPONENT, 1, 0)))))));
        assertThat(invalid(bytes, "").message())
                .isEqualTo("aliases in a component or instance type may only refer to types or instances");
    }

    private static final Section IMPORT_STRING_VALUE =
            new Section.Imports(List.of(new Import(ExternName.of("a"), new ExternType.Value(PrimitiveType.STRING))));

    @Test
    void anImportedValueMustBeUsed() {
        byte[] bytes = encode(IMPORT_STRING_VALUE);
        ValidationResult.Invalid r = invalid(bytes, "cm-values");
        assertThat(r.message())
                .isEqualTo("value index 0 was not used as part of an instantiation, start function, or export");
        // Reported where the component ends, as wasm-tools does.
        assertThat(r.offset()).hasValue(bytes.length);
    }

    @Test
    void anExportedValueIsUsedAndTheExportItselfNeedsNoUse() {
        valid(
                encode(
                        IMPORT_STRING_VALUE,
                        new Section.Exports(List.of(
                                new Export(ExternName.of("b"), new SortIndex(Sort.Kind.VALUE, 0), Optional.empty())))),
                "cm-values");
    }

    @Test
    void anUnusedValueInsideANestedComponentIsReportedWhereThatComponentEnds() {
        byte[] inner = encode(IMPORT_STRING_VALUE);
        byte[] bytes = encode(
                new Section.NestedComponent(Component.of(List.of(IMPORT_STRING_VALUE))),
                new Section.Types(List.of(PrimitiveType.U8)));
        ValidationResult.Invalid r = invalid(bytes, "cm-values");
        assertThat(r.message()).startsWith("value index 0 was not used");
        // The outer preamble (8) + section id (1) + size (1) + the nested component's bytes.
        assertThat(r.offset()).hasValue(8 + 2 + inner.length);
    }

    /** A resource exported twice, the second time ascribed {@code ascription}. */
    private static byte[] resourceExportedTwice(ExternType.TypeBound ascription) {
        return encode(
                new Section.Types(List.of(new DefType.Resource(CoreType.NumType.I32, Optional.empty()))),
                new Section.Exports(List.of(
                        new Export(ExternName.of("r1"), new SortIndex(Sort.Kind.TYPE, 0), Optional.empty()),
                        new Export(
                                ExternName.of("r2"),
                                new SortIndex(Sort.Kind.TYPE, 0),
                                Optional.of(new ExternType.Type(ascription))))));
    }

    @Test
    void aConcreteResourceIsNoSubtypeOfAnAscribedAbstractOne() {
        ValidationResult.Invalid r = invalid(resourceExportedTwice(new ExternType.TypeBound.SubResource()), "");
        assertThat(r.message()).startsWith("type mismatch in export `r2`");
        assertThat(r.offset()).isPresent();
    }

    @Test
    void aResourceMayBeAscribedItself() {
        valid(resourceExportedTwice(new ExternType.TypeBound.Eq(0)), "");
    }
}
