package dev.wreg.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every form of the model survives encode → decode, including forms the corpus does not use; a
 * reflection check keeps the lists complete when a record is added to a sealed interface.
 */
class ComponentEncoderTest {

    private static final List<CanonOption> OPTS = List.of(
            CanonOption.StringEncoding.LATIN1_UTF16,
            new CanonOption.Memory(0),
            new CanonOption.Realloc(1),
            new CanonOption.PostReturn(2),
            new CanonOption.Async(),
            new CanonOption.Callback(3),
            new CanonOption.CoreTypeOption(4),
            new CanonOption.Gc());

    private static final List<Canon> CANONS = List.of(
            new Canon.Lift(1, OPTS, 2),
            new Canon.Lower(3, List.of(CanonOption.StringEncoding.UTF16)),
            new Canon.ResourceNew(4),
            new Canon.ResourceDrop(5),
            new Canon.ResourceRep(6),
            new Canon.BackpressureInc(),
            new Canon.BackpressureDec(),
            new Canon.TaskReturn(Optional.of(PrimitiveType.U32), List.of(CanonOption.StringEncoding.UTF8)),
            new Canon.TaskReturn(Optional.empty(), List.of()),
            new Canon.TaskCancel(),
            new Canon.ContextGet(CoreType.NumType.I32, 0),
            new Canon.ContextSet(CoreType.NumType.I64, 1),
            new Canon.SubtaskCancel(true),
            new Canon.SubtaskDrop(),
            new Canon.StreamNew(7),
            new Canon.StreamRead(7, List.of(new CanonOption.Async())),
            new Canon.StreamWrite(7, List.of()),
            new Canon.StreamCancelRead(7, false),
            new Canon.StreamCancelWrite(7, true),
            new Canon.StreamDropReadable(7),
            new Canon.StreamDropWritable(7),
            new Canon.FutureNew(8),
            new Canon.FutureRead(8, List.of()),
            new Canon.FutureWrite(8, List.of(new CanonOption.Memory(0))),
            new Canon.FutureCancelRead(8, true),
            new Canon.FutureCancelWrite(8, false),
            new Canon.FutureDropReadable(8),
            new Canon.FutureDropWritable(8),
            new Canon.ErrorContextNew(List.of(new CanonOption.Memory(0))),
            new Canon.ErrorContextDebugMessage(List.of()),
            new Canon.ErrorContextDrop(),
            new Canon.WaitableSetNew(),
            new Canon.WaitableSetWait(true, 0),
            new Canon.WaitableSetPoll(false, 1),
            new Canon.WaitableSetDrop(),
            new Canon.WaitableJoin(),
            new Canon.ThreadIndex(),
            new Canon.ThreadNewIndirect(2, 0),
            new Canon.ThreadResumeLater(),
            new Canon.ThreadSuspend(true),
            new Canon.ThreadYield(false),
            new Canon.ThreadSuspendThenResume(true),
            new Canon.ThreadYieldThenResume(false),
            new Canon.ThreadSuspendThenPromote(true),
            new Canon.ThreadYieldThenPromote(false),
            new Canon.ThreadSpawnRef(3),
            new Canon.ThreadSpawnIndirect(3, 1),
            new Canon.ThreadAvailableParallelism());

    private static final List<DefType> TYPES = List.of(
            PrimitiveType.ERROR_CONTEXT,
            new DefValType.RecordType(List.of(new DefValType.Field("a", PrimitiveType.BOOL))),
            new DefValType.VariantType(List.of(
                    new DefValType.Case("none", Optional.empty()),
                    new DefValType.Case("some", Optional.of(ValType.ref(200))))),
            new DefValType.ListType(PrimitiveType.U8),
            new DefValType.FixedListType(PrimitiveType.F32, 4),
            new DefValType.TupleType(List.of(PrimitiveType.S8, PrimitiveType.CHAR)),
            new DefValType.FlagsType(List.of("read", "write")),
            new DefValType.EnumType(List.of("x", "y")),
            new DefValType.OptionType(PrimitiveType.STRING),
            new DefValType.ResultType(Optional.empty(), Optional.of(PrimitiveType.U16)),
            new DefValType.Own(0),
            new DefValType.Borrow(0),
            new DefValType.StreamType(Optional.empty()),
            new DefValType.FutureType(Optional.of(PrimitiveType.U64)),
            new DefValType.MapType(PrimitiveType.STRING, ValType.ref(64)),
            new DefType.Func(true, List.of(new DefType.Param("p", ValType.ref(63))), Optional.of(PrimitiveType.S64)),
            new DefType.Resource(CoreType.NumType.I32, Optional.of(9)),
            new DefType.Resource(CoreType.NumType.I64, Optional.empty()),
            new DefType.ComponentType(List.of(
                    new TypeDecl.CoreTypeDecl(new CoreType.ModuleType(List.of())),
                    new TypeDecl.TypeDef(new DefType.InstanceType(List.of(new TypeDecl.ExportDecl(
                            ExternName.of("r"), new ExternType.Type(new ExternType.TypeBound.SubResource()))))),
                    new TypeDecl.AliasDecl(new Alias.Outer(Sort.TYPE, 1, 0)),
                    new TypeDecl.ImportDecl(
                            new ExternName(2, "i", List.of(new NameAttribute.Implements("a:b/c"))),
                            new ExternType.Instance(1)),
                    new TypeDecl.ExportDecl(ExternName.of("v"), new ExternType.Value(PrimitiveType.U32)))));

    private static final CoreType.RefType FUNCREF =
            new CoreType.RefType(true, new CoreType.AbstractHeap(false, CoreType.AbstractHeapKind.FUNC));

    private static final List<CoreType> CORE_TYPES = List.of(
            new CoreType.RecGroup(
                    false,
                    List.of(CoreType.SubType.plain(new CoreType.FuncType(
                            List.of(CoreType.NumType.I32, CoreType.NumType.V128, FUNCREF),
                            List.of(CoreType.NumType.F64))))),
            // a lone non-final sub type needs the 0x00 prefix
            new CoreType.RecGroup(
                    false,
                    List.of(new CoreType.SubType(
                            false,
                            List.of(),
                            new CoreType.CompositeType(
                                    false, Optional.empty(), Optional.empty(), new CoreType.StructType(List.of()))))),
            new CoreType.RecGroup(
                    true,
                    List.of(
                            new CoreType.SubType(
                                    false,
                                    List.of(),
                                    new CoreType.CompositeType(
                                            true,
                                            Optional.empty(),
                                            Optional.of(1),
                                            new CoreType.StructType(List.of(new CoreType.FieldType(
                                                    new CoreType.RefType(false, new CoreType.ConcreteHeap(70)),
                                                    true))))),
                            new CoreType.SubType(
                                    true,
                                    List.of(0),
                                    new CoreType.CompositeType(
                                            false,
                                            Optional.of(0),
                                            Optional.empty(),
                                            new CoreType.ArrayType(
                                                    new CoreType.FieldType(CoreType.Packed.I16, false)))),
                            CoreType.SubType.plain(new CoreType.ContType(0)),
                            CoreType.SubType.plain(new CoreType.FuncType(
                                    List.of(
                                            new CoreType.RefType(
                                                    true,
                                                    new CoreType.AbstractHeap(true, CoreType.AbstractHeapKind.ANY)),
                                            new CoreType.RefType(false, new CoreType.ExactHeap(1))),
                                    List.of())))),
            new CoreType.ModuleType(List.of(
                    new CoreType.TypeDecl(new CoreType.RecGroup(
                            false, List.of(CoreType.SubType.plain(new CoreType.FuncType(List.of(), List.of()))))),
                    new CoreType.OuterAliasDecl(1, 0),
                    new CoreType.ImportDecl("env", "f", new CoreType.FuncExtern(0)),
                    new CoreType.ImportDecl("env", "g", new CoreType.FuncExactExtern(0)),
                    new CoreType.ImportDecl(
                            "env",
                            "t",
                            new CoreType.TableExtern(
                                    FUNCREF,
                                    new CoreType.Limits(5, 1L << 40, Optional.of(1L << 41), Optional.empty()))),
                    new CoreType.ImportDecl(
                            "env",
                            "m",
                            new CoreType.MemoryExtern(
                                    new CoreType.Limits(11, 1, Optional.of(0xffff_ffffL), Optional.of(0)))),
                    new CoreType.ImportDecl("env", "x", new CoreType.GlobalExtern(CoreType.NumType.I64, 3)),
                    new CoreType.ExportDecl("e", new CoreType.TagExtern(0, 0)))));

    private static Component roundTrip(Component c) {
        byte[] bytes = ComponentEncoder.encode(c);
        Component decoded = ComponentDecoder.decode(bytes);
        assertThat(decoded).isEqualTo(c);
        assertThat(ComponentEncoder.encode(decoded)).isEqualTo(bytes);
        return decoded;
    }

    @Test
    void everyCanonicalBuiltInRoundTrips() {
        roundTrip(Component.of(List.of(new Section.Canons(CANONS))));
        assertThat(classes(CANONS)).isEqualTo(permitted(Canon.class));
        assertThat(classes(OPTS))
                .containsAll(permitted(CanonOption.class).stream()
                        .filter(c -> !c.isEnum())
                        .collect(Collectors.toSet()));
    }

    @Test
    void everyTypeFormRoundTrips() {
        roundTrip(Component.of(List.of(new Section.Types(TYPES))));
        Set<Class<?>> forms = classes(TYPES);
        assertThat(forms)
                .containsAll(permitted(DefValType.class).stream()
                        .filter(c -> !c.isEnum())
                        .collect(Collectors.toSet()));
        assertThat(forms).contains(DefType.Func.class, DefType.Resource.class, DefType.ComponentType.class);
    }

    @Test
    void everyCoreTypeFormRoundTrips() {
        roundTrip(Component.of(List.of(new Section.CoreTypes(CORE_TYPES))));
    }

    @Test
    void typeIndicesInValueTypesAreSignedLeb128() {
        // Index 64 is 0x40: as an unsigned LEB that would be one byte, but value types are s33
        // (negative numbers are the primitive codes), so it takes two.
        byte[] bytes = ComponentEncoder.encode(
                Component.of(List.of(new Section.Types(List.of(new DefValType.ListType(ValType.ref(64)))))));
        assertThat(Arrays.copyOfRange(bytes, bytes.length - 3, bytes.length)).containsExactly(0x70, 0xc0, 0x00);
    }

    @Test
    void everyOtherSectionRoundTrips() {
        Component nested = Component.of(List.of(new Section.Custom("note", Bytes.of(new byte[] {1, 2, 3}))));
        roundTrip(Component.of(List.of(
                new Section.NestedComponent(nested),
                new Section.CoreInstances(List.of(
                        new CoreInstance.Instantiate(0, List.of(new CoreInstance.Arg("env", 1))),
                        new CoreInstance.FromExports(
                                List.of(new CoreInstance.Export("memory", new CoreSortIndex(CoreSort.MEMORY, 0)))))),
                new Section.Instances(List.of(
                        new Instance.Instantiate(0, List.of(new Instance.Arg("a", new SortIndex(Sort.FUNC, 2)))),
                        new Instance.FromExports(List.of(new Instance.InlineExport(
                                new ExternName(1, "b", List.of()), new SortIndex(Sort.core(CoreSort.MODULE), 0)))))),
                new Section.Aliases(List.of(
                        new Alias.InstanceExport(Sort.INSTANCE, 0, "x"),
                        new Alias.CoreInstanceExport(Sort.core(CoreSort.TABLE), 1, "t"),
                        new Alias.Outer(Sort.core(CoreSort.TYPE), 2, 3))),
                new Section.Start(0, List.of(1, 2), 1),
                new Section.Imports(List.of(
                        new Import(ExternName.of("m"), new ExternType.CoreModule(0)),
                        new Import(ExternName.of("c"), new ExternType.Component(1)),
                        new Import(ExternName.of("t"), new ExternType.Type(new ExternType.TypeBound.Eq(0))))),
                new Section.Exports(List.of(
                        new Export(
                                new ExternName(
                                        2,
                                        "e",
                                        List.of(
                                                new NameAttribute.VersionSuffix("+build"),
                                                new NameAttribute.ExternalId("id"))),
                                new SortIndex(Sort.FUNC, 0),
                                Optional.of(new ExternType.Func(1))),
                        new Export(ExternName.of("f"), new SortIndex(Sort.VALUE, 0), Optional.empty()))),
                new Section.Values(List.of(new Section.Value(PrimitiveType.U8, Bytes.of(new byte[] {7})))))));
    }

    private static Set<Class<?>> classes(List<?> items) {
        return items.stream().map(Object::getClass).collect(Collectors.toSet());
    }

    private static Set<Class<?>> permitted(Class<?> sealed) {
        return Set.of(sealed.getPermittedSubclasses());
    }
}
