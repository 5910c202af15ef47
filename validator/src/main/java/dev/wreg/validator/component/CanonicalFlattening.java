package dev.wreg.validator.component;

import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.validator.component.ComponentTypes.Case;
import dev.wreg.validator.component.ComponentTypes.EnumType;
import dev.wreg.validator.component.ComponentTypes.FixedListType;
import dev.wreg.validator.component.ComponentTypes.FlagsType;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.ListType;
import dev.wreg.validator.component.ComponentTypes.MapType;
import dev.wreg.validator.component.ComponentTypes.OptionType;
import dev.wreg.validator.component.ComponentTypes.Param;
import dev.wreg.validator.component.ComponentTypes.Primitive;
import dev.wreg.validator.component.ComponentTypes.RecordType;
import dev.wreg.validator.component.ComponentTypes.ResultType;
import dev.wreg.validator.component.ComponentTypes.TupleType;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import dev.wreg.validator.component.ComponentTypes.VariantType;
import java.util.ArrayList;
import java.util.List;

/**
 * The core function type the canonical ABI gives a component function (CanonicalABI.md,
 * {@code flatten_functype}): parameters and results flattened to core types, spilled to memory
 * beyond the flat limits, and which options that makes necessary ({@code memory} for anything
 * passed through memory, {@code realloc} where the callee must allocate).
 */
final class CanonicalFlattening {
    private CanonicalFlattening() {}

    static final int MAX_FLAT_PARAMS = 16;
    static final int MAX_FLAT_ASYNC_PARAMS = 4;
    static final int MAX_FLAT_RESULTS = 1;

    enum Abi {
        LIFT,
        LOWER
    }

    /** The core signature the canonical ABI gives {@code f} (CanonicalABI.md, flattening). */
    static CoreTypes.FuncType signature(FuncType f, CanonicalOptions o, Abi abi) {
        String ptr = o.memory64() ? "i64" : "i32";
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
                flatten(p.type(), ptr, params);
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
                flatten(f.result(), ptr, results);
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
                List<String> tmp = new ArrayList<>();
                flatten(f.result(), ptr, tmp);
                if (tmp.size() > MAX_FLAT_PARAMS || containsPtr(f.result())) {
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

    /** Appends the flat core types of {@code t}; stops early once past any limit that matters. */
    private static void flatten(ValueType t, String ptr, List<String> out) {
        if (out.size() > MAX_FLAT_PARAMS + 1) {
            return;
        }
        switch (t) {
            case Primitive p -> {
                switch (p.p()) {
                    case S64, U64 -> out.add("i64");
                    case F32 -> out.add("f32");
                    case F64 -> out.add("f64");
                    case STRING -> {
                        out.add(ptr);
                        out.add(ptr);
                    }
                    default -> out.add("i32");
                }
            }
            case ListType l -> {
                out.add(ptr);
                out.add(ptr);
            }
            case MapType m -> {
                out.add(ptr);
                out.add(ptr);
            }
            case FixedListType l -> {
                for (int i = 0; i < l.length() && out.size() <= MAX_FLAT_PARAMS + 1; i++) {
                    flatten(l.element(), ptr, out);
                }
            }
            case RecordType r -> r.fields().forEach(f -> flatten(f.type(), ptr, out));
            case TupleType tu -> tu.types().forEach(x -> flatten(x, ptr, out));
            case VariantType v ->
                flattenVariant(v.cases().stream().map(Case::type).toList(), ptr, out);
            case OptionType o -> flattenVariant(java.util.Arrays.asList(null, o.type()), ptr, out);
            case ResultType r -> flattenVariant(java.util.Arrays.asList(r.ok(), r.err()), ptr, out);
            case FlagsType f -> out.add("i32");
            case EnumType e -> out.add("i32");
            default -> out.add("i32");
        }
    }

    private static void flattenVariant(List<ValueType> cases, String ptr, List<String> out) {
        List<String> joined = new ArrayList<>();
        for (ValueType c : cases) {
            if (c == null) {
                continue;
            }
            List<String> flat = new ArrayList<>();
            flatten(c, ptr, flat);
            for (int i = 0; i < flat.size(); i++) {
                if (i < joined.size()) {
                    joined.set(i, join(joined.get(i), flat.get(i)));
                } else {
                    joined.add(flat.get(i));
                }
            }
        }
        out.add("i32");
        out.addAll(joined);
    }

    private static String join(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if ((a.equals("i32") && b.equals("f32")) || (a.equals("f32") && b.equals("i32"))) {
            return "i32";
        }
        return "i64";
    }
}
