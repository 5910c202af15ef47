package dev.wreg.validator.component;

import dev.wreg.engine.binary.CanonOption;
import dev.wreg.engine.binary.CoreType;
import dev.wreg.validator.component.ComponentTypes.BorrowType;
import dev.wreg.validator.component.ComponentTypes.EnumType;
import dev.wreg.validator.component.ComponentTypes.Field;
import dev.wreg.validator.component.ComponentTypes.FixedListType;
import dev.wreg.validator.component.ComponentTypes.FlagsType;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.FutureType;
import dev.wreg.validator.component.ComponentTypes.ListType;
import dev.wreg.validator.component.ComponentTypes.MapType;
import dev.wreg.validator.component.ComponentTypes.OptionType;
import dev.wreg.validator.component.ComponentTypes.OwnType;
import dev.wreg.validator.component.ComponentTypes.Primitive;
import dev.wreg.validator.component.ComponentTypes.RecordType;
import dev.wreg.validator.component.ComponentTypes.ResultType;
import dev.wreg.validator.component.ComponentTypes.StreamType;
import dev.wreg.validator.component.ComponentTypes.TupleType;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import dev.wreg.validator.component.ComponentTypes.VariantType;
import java.util.List;

/** wasm-tools' cm-gc rules: each component type against the declared GC core type. */
final class GcLowering {
    private final Scope s;
    private final CanonOption.StringEncoding encoding;

    GcLowering(Scope s, CanonOption.StringEncoding encoding) {
        this.s = s;
        this.encoding = encoding == null ? CanonOption.StringEncoding.UTF8 : encoding;
    }

    void check(FuncType f, int coreTypeIndex) {
        CoreType.SubType raw = s.rawCoreTypes.get(coreTypeIndex);
        if (raw == null || !(raw.composite().inner() instanceof CoreType.FuncType ft)) {
            return;
        }
        if (ft.params().size() != f.params().size()) {
            throw new ComponentInvalid("declared `core-type` has " + ft.params().size()
                    + " parameters, but component function has " + f.params().size() + " parameters");
        }
        int results = f.result() == null ? 0 : 1;
        if (ft.results().size() != results) {
            throw new ComponentInvalid("declared `core-type` has "
                    + ft.results().size() + " results, but component function has " + results + " results");
        }
        for (int i = 0; i < ft.params().size(); i++) {
            lower(f.params().get(i).type(), ft.params().get(i));
        }
        if (f.result() != null) {
            lower(f.result(), ft.results().getFirst());
        }
    }

    private static CoreType.ValType valType(CoreType.StorageType core) {
        return core instanceof CoreType.ValType v ? v : null;
    }

    private CoreType.Composite concrete(CoreType.StorageType core) {
        if (valType(core) instanceof CoreType.RefType r) {
            Integer idx = switch (r.heap()) {
                case CoreType.ConcreteHeap c -> c.typeIndex();
                case CoreType.ExactHeap e -> e.typeIndex();
                default -> null;
            };
            if (idx != null && s.rawCoreTypes.get(idx) != null) {
                return s.rawCoreTypes.get(idx).composite().inner();
            }
        }
        return null;
    }

    private static boolean isExtern(CoreType.StorageType core) {
        return valType(core) instanceof CoreType.RefType r
                && r.heap() instanceof CoreType.AbstractHeap a
                && a.kind() == CoreType.AbstractHeapKind.EXTERN;
    }

    private static void need(boolean ok, String component, String core) {
        if (!ok) {
            throw new ComponentInvalid(
                    "expected to lower component `" + component + "` type to core `" + core + "` type");
        }
    }

    /** {@code core} is a parameter/result value type or a struct field/array element storage type. */
    void lower(ValueType t, CoreType.StorageType core) {
        lower(t, core, false);
    }

    void lower(ValueType t, CoreType.StorageType core, boolean field) {
        CoreType.ValType v = valType(core);
        switch (t) {
            case Primitive p -> {
                switch (p.p()) {
                    case BOOL, S8, U8 ->
                        need(
                                field ? core == CoreType.Packed.I8 : v == CoreType.NumType.I32,
                                p.p().witName(),
                                field ? "i8" : "i32");
                    case S16, U16 ->
                        need(
                                field ? core == CoreType.Packed.I16 : v == CoreType.NumType.I32,
                                p.p().witName(),
                                field ? "i16" : "i32");
                    case S32, U32, CHAR -> need(v == CoreType.NumType.I32, p.p().witName(), "i32");
                    case S64, U64 -> need(v == CoreType.NumType.I64, p.p().witName(), "i64");
                    case F32 -> need(v == CoreType.NumType.F32, "f32", "f32");
                    case F64 -> need(v == CoreType.NumType.F64, "f64", "f64");
                    case STRING -> {
                        CoreType.Packed want =
                                encoding == CanonOption.StringEncoding.UTF16 ? CoreType.Packed.I16 : CoreType.Packed.I8;
                        need(
                                concrete(core) instanceof CoreType.ArrayType a
                                        && a.element().storage() == want,
                                "string",
                                "(ref null? (array (mut? " + want.name().toLowerCase(java.util.Locale.ROOT) + ")))");
                    }
                    case ERROR_CONTEXT -> need(isExtern(core), "error-context", "(ref null? extern)");
                }
            }
            case RecordType r -> product(r.fields().stream().map(Field::type).toList(), core, "record");
            case TupleType tu -> product(tu.types(), core, "tuple");
            case VariantType x -> sum(core, "variant");
            case OptionType x -> sum(core, "option");
            case ResultType x -> sum(core, "result");
            case ListType l -> {
                need(concrete(core) instanceof CoreType.ArrayType, "list", "(ref null? (array ...))");
                lower(
                        l.element(),
                        ((CoreType.ArrayType) concrete(core)).element().storage(),
                        true);
            }
            case FixedListType l -> {
                need(concrete(core) instanceof CoreType.ArrayType, "list", "(ref null? (array ...))");
                lower(
                        l.element(),
                        ((CoreType.ArrayType) concrete(core)).element().storage(),
                        true);
            }
            case MapType m -> throw new ComponentInvalid("GC lowering for component `map` type is not yet implemented");
            case FlagsType f -> need(v == CoreType.NumType.I32, "flags", "i32");
            case EnumType e -> need(v == CoreType.NumType.I32, "enum", "i32");
            case OwnType o -> need(isExtern(core), "own", "(ref null? extern)");
            case BorrowType b -> need(isExtern(core), "borrow", "(ref null? extern)");
            case StreamType st -> need(isExtern(core), "stream", "(ref null? extern)");
            case FutureType fu -> need(isExtern(core), "future", "(ref null? extern)");
        }
    }

    private void product(List<ValueType> fields, CoreType.StorageType core, String kind) {
        if (!(concrete(core) instanceof CoreType.StructType st)) {
            throw new ComponentInvalid(
                    "expected to lower component `" + kind + "` type to core `(ref null? (struct ...))`");
        }
        if (st.fields().size() != fields.size()) {
            throw new ComponentInvalid("core `struct` has " + st.fields().size() + " fields, but component `" + kind
                    + "` has " + fields.size() + " fields");
        }
        for (int i = 0; i < fields.size(); i++) {
            lower(fields.get(i), st.fields().get(i).storage(), true);
        }
    }

    private void sum(CoreType.StorageType core, String kind) {
        if (!(concrete(core) instanceof CoreType.StructType st) || !st.fields().isEmpty()) {
            throw new ComponentInvalid(
                    "expected to lower component `" + kind + "` type to core `(ref null? (struct))`");
        }
    }
}
