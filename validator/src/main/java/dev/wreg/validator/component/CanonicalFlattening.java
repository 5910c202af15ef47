package dev.wreg.validator.component;

import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.runtime.abi.ResourceType;
import dev.wreg.engine.runtime.abi.ValueType.BorrowT;
import dev.wreg.engine.runtime.abi.ValueType.EnumT;
import dev.wreg.engine.runtime.abi.ValueType.FlagsT;
import dev.wreg.engine.runtime.abi.ValueType.Flat;
import dev.wreg.engine.runtime.abi.ValueType.ListT;
import dev.wreg.engine.runtime.abi.ValueType.OptionT;
import dev.wreg.engine.runtime.abi.ValueType.OwnT;
import dev.wreg.engine.runtime.abi.ValueType.Prim;
import dev.wreg.engine.runtime.abi.ValueType.RecordT;
import dev.wreg.engine.runtime.abi.ValueType.ResultT;
import dev.wreg.engine.runtime.abi.ValueType.TupleT;
import dev.wreg.engine.runtime.abi.ValueType.VariantT;
import dev.wreg.validator.component.ComponentTypes.BorrowType;
import dev.wreg.validator.component.ComponentTypes.Case;
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
import dev.wreg.validator.component.ComponentTypes.Param;
import dev.wreg.validator.component.ComponentTypes.Primitive;
import dev.wreg.validator.component.ComponentTypes.RecordType;
import dev.wreg.validator.component.ComponentTypes.ResultType;
import dev.wreg.validator.component.ComponentTypes.StreamType;
import dev.wreg.validator.component.ComponentTypes.TupleType;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import dev.wreg.validator.component.ComponentTypes.VariantType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The core function type the canonical ABI gives a component function (CanonicalABI.md,
 * {@code flatten_functype}): parameters and results flattened to core types, spilled to memory
 * beyond the flat limits, and which options that makes necessary ({@code memory} for anything
 * passed through memory, {@code realloc} where the callee must allocate).
 */
final class CanonicalFlattening {
    /** Handles flatten alike whatever their resource; flattening never looks at it. */
    private static final ResourceType HANDLE = ResourceType.host("handle", null);

    static final int MAX_FLAT_PARAMS = 16;
    static final int MAX_FLAT_ASYNC_PARAMS = 4;
    static final int MAX_FLAT_RESULTS = 1;

    /** Types already converted, so a type shared by many signatures is converted once per run. */
    private final Map<ValueType, dev.wreg.engine.runtime.abi.ValueType> abiTypes = new IdentityHashMap<>();

    enum Abi {
        LIFT,
        LOWER
    }

    /** The core signature the canonical ABI gives {@code f} (CanonicalABI.md, flattening). */
    CoreTypes.FuncType signature(FuncType f, CanonicalOptions o, Abi abi) {
        String ptr = o.memory64() ? "i64" : "i32";
        Flat pointer = o.memory64() ? Flat.I64 : Flat.I32;
        List<String> params = new ArrayList<>();
        int maxParams = (abi == Abi.LOWER && o.async()) ? MAX_FLAT_ASYNC_PARAMS : MAX_FLAT_PARAMS;
        boolean overflow = false;
        for (Param p : f.params()) {
            if (containsPtr(p.type())) {
                if (abi == Abi.LOWER) {
                    o.requireMemory();
                } else {
                    o.requireRealloc();
                }
            }
            if (!overflow) {
                params.addAll(flatten(p.type(), pointer));
                if (params.size() > maxParams) {
                    overflow = true;
                }
            }
        }
        if (overflow) {
            params.clear();
            params.add(ptr);
            o.requireMemory();
            if (abi == Abi.LIFT) {
                o.requireRealloc();
            }
        }
        if (f.result() != null && abi == Abi.LOWER && containsPtr(f.result())) {
            o.requireRealloc();
        }
        List<String> results = new ArrayList<>();
        if (!o.async()) {
            if (f.result() != null) {
                results.addAll(flatten(f.result(), pointer));
                if (results.size() > MAX_FLAT_RESULTS) {
                    results.clear();
                    o.requireMemory();
                    if (abi == Abi.LOWER) {
                        params.add(ptr);
                    } else {
                        results.add(ptr);
                    }
                }
            }
        } else if (abi == Abi.LOWER) {
            if (f.result() != null) {
                params.add(ptr);
                o.requireMemory();
            }
            results.add("i32");
        } else {
            if (f.result() != null) {
                if (flatten(f.result(), pointer).size() > MAX_FLAT_PARAMS || containsPtr(f.result())) {
                    o.requireMemory();
                }
            }
            if (o.callback() != null) {
                results.add("i32");
            }
        }
        return new CoreTypes.FuncType(params, results);
    }

    static boolean containsPtr(ValueType t) {
        return switch (t) {
            case Primitive p -> p.p() == PrimitiveType.STRING;
            case ListType l -> true;
            case MapType m -> true;
            case FixedListType l -> containsPtr(l.element());
            case RecordType r -> r.fields().stream().anyMatch(f -> containsPtr(f.type()));
            case VariantType v -> v.cases().stream().anyMatch(c -> c.type() != null && containsPtr(c.type()));
            case TupleType tu -> tu.types().stream().anyMatch(CanonicalFlattening::containsPtr);
            case OptionType o -> containsPtr(o.type());
            case ResultType r -> (r.ok() != null && containsPtr(r.ok())) || (r.err() != null && containsPtr(r.err()));
            default -> false;
        };
    }

    /**
     * The flat core types of {@code t} (exact up to {@link #MAX_FLAT_PARAMS}, more than that
     * beyond), by the engine's flattening.
     */
    private List<String> flatten(ValueType t, Flat pointer) {
        List<Flat> flat = dev.wreg.engine.runtime.abi.ValueType.flatten(abiType(t), pointer, MAX_FLAT_PARAMS);
        List<String> out = new ArrayList<>(flat.size());
        for (Flat f : flat) {
            out.add(f.name().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /**
     * {@code t} as the engine's canonical ABI type, with the same flattening: handles to resources,
     * streams, futures and error contexts are {@code i32} indices, a map is a list of key-value
     * tuples, a fixed-length list is a tuple of its elements. A fixed-length list longer than the
     * flat limit keeps only one element more than the limit, which every element flattens to at
     * least one value of, so the count still exceeds the limit without costing its whole length.
     */
    private dev.wreg.engine.runtime.abi.ValueType abiType(ValueType t) {
        dev.wreg.engine.runtime.abi.ValueType known = abiTypes.get(t);
        if (known != null) {
            return known;
        }
        dev.wreg.engine.runtime.abi.ValueType r = switch (t) {
            case Primitive p ->
                switch (p.p()) {
                    case BOOL -> Prim.BOOL;
                    case S8 -> Prim.S8;
                    case U8 -> Prim.U8;
                    case S16 -> Prim.S16;
                    case U16 -> Prim.U16;
                    case S32 -> Prim.S32;
                    case U32, ERROR_CONTEXT -> Prim.U32;
                    case S64 -> Prim.S64;
                    case U64 -> Prim.U64;
                    case F32 -> Prim.F32;
                    case F64 -> Prim.F64;
                    case CHAR -> Prim.CHAR;
                    case STRING -> Prim.STRING;
                };
            case RecordType rec ->
                new RecordT(
                        rec.fields().stream().map(Field::name).toList(),
                        rec.fields().stream().map(f -> abiType(f.type())).toList());
            case VariantType v -> {
                List<dev.wreg.engine.runtime.abi.ValueType> payloads =
                        new ArrayList<>(v.cases().size());
                for (Case c : v.cases()) {
                    payloads.add(c.type() == null ? null : abiType(c.type()));
                }
                yield new VariantT(v.cases().stream().map(Case::name).toList(), payloads);
            }
            case ListType l -> new ListT(abiType(l.element()));
            case FixedListType l ->
                new TupleT(Collections.nCopies(Math.min(l.length(), MAX_FLAT_PARAMS + 1), abiType(l.element())));
            case TupleType tu ->
                new TupleT(tu.types().stream().map(this::abiType).toList());
            case FlagsType f -> new FlagsT(f.names());
            case EnumType e -> new EnumT(e.names());
            case OptionType o -> new OptionT(abiType(o.type()));
            case ResultType res ->
                new ResultT(res.ok() == null ? null : abiType(res.ok()), res.err() == null ? null : abiType(res.err()));
            case OwnType o -> new OwnT(HANDLE);
            case BorrowType b -> new BorrowT(HANDLE);
            case StreamType st -> Prim.U32;
            case FutureType fu -> Prim.U32;
            case MapType m -> new ListT(new TupleT(List.of(abiType(m.key()), abiType(m.value()))));
        };
        abiTypes.put(t, r);
        return r;
    }
}
