package dev.wreg.engine.runtime.abi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A component value type with every index resolved: what the canonical ABI lifts and lowers.
 * Layout (size, alignment, flattening) follows CanonicalABI.md.
 */
public sealed interface ValueType {

    enum Prim implements ValueType {
        BOOL,
        S8,
        U8,
        S16,
        U16,
        S32,
        U32,
        S64,
        U64,
        F32,
        F64,
        CHAR,
        STRING
    }

    record ListT(ValueType element) implements ValueType {}

    record RecordT(List<String> names, List<ValueType> types) implements ValueType {
        public RecordT {
            names = List.copyOf(names);
            types = List.copyOf(types);
        }
    }

    record TupleT(List<ValueType> types) implements ValueType {
        public TupleT {
            types = List.copyOf(types);
        }
    }

    /** A variant; a case without payload has a null entry in {@code payloads}. */
    record VariantT(List<String> names, List<ValueType> payloads) implements ValueType {
        public VariantT {
            names = List.copyOf(names);
            payloads = java.util.Collections.unmodifiableList(new ArrayList<>(payloads));
        }
    }

    record EnumT(List<String> names) implements ValueType {
        public EnumT {
            names = List.copyOf(names);
        }
    }

    record OptionT(ValueType type) implements ValueType {}

    /** {@code result<ok, err>}; either side may be null (no payload). */
    record ResultT(ValueType ok, ValueType err) implements ValueType {}

    record FlagsT(List<String> names) implements ValueType {
        public FlagsT {
            names = List.copyOf(names);
        }
    }

    record OwnT(ResourceType resource) implements ValueType {}

    record BorrowT(ResourceType resource) implements ValueType {}

    /** {@code stream<T>}; {@code element} is null for a {@code stream} without a payload. */
    record StreamT(ValueType element) implements ValueType {}

    /** {@code future<T>}; {@code element} is null for a {@code future} without a payload. */
    record FutureT(ValueType element) implements ValueType {}

    /** {@code error-context} (📝). */
    record ErrorContextT() implements ValueType {}

    /**
     * A type this runtime cannot lift or lower yet (stream, future, map, fixed-length list,
     * error-context). Defining one is fine; using it in a call traps.
     */
    record Unsupported(String what) implements ValueType {
        void fail() {
            throw new dev.wreg.engine.runtime.ComponentTrap("not supported by this runtime yet: " + what);
        }
    }

    /** Core value types of flattened values. */
    enum Flat {
        I32,
        I64,
        F32,
        F64
    }

    /** The payload types of a variant-like type, by case (null = no payload). */
    static List<ValueType> casePayloads(ValueType t) {
        return switch (t) {
            case VariantT v -> v.payloads();
            case EnumT e -> Arrays.asList(new ValueType[e.names().size()]);
            case OptionT o -> Arrays.asList(null, o.type());
            case ResultT r -> Arrays.asList(r.ok(), r.err());
            case Unsupported u -> {
                u.fail();
                yield List.of();
            }
            default -> throw new IllegalArgumentException("not a variant: " + t);
        };
    }

    static boolean isVariantLike(ValueType t) {
        return t instanceof VariantT || t instanceof EnumT || t instanceof OptionT || t instanceof ResultT;
    }

    static int discriminantSize(int cases) {
        return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4;
    }

    static int flagsSize(int n) {
        if (n == 0) {
            return 0;
        }
        if (n <= 8) {
            return 1;
        }
        if (n <= 16) {
            return 2;
        }
        return 4 * ((n + 31) / 32);
    }

    static int alignOf(ValueType t) {
        return switch (t) {
            case Prim p ->
                switch (p) {
                    case BOOL, S8, U8 -> 1;
                    case S16, U16 -> 2;
                    case S32, U32, F32, CHAR, STRING -> 4;
                    case S64, U64, F64 -> 8;
                };
            case ListT l -> 4;
            case RecordT r -> maxAlign(r.types());
            case TupleT tu -> maxAlign(tu.types());
            case FlagsT f -> {
                int s = flagsSize(f.names().size());
                yield s == 0 ? 1 : Math.min(s, 4);
            }
            case OwnT o -> 4;
            case BorrowT b -> 4;
            case StreamT x -> 4;
            case FutureT x -> 4;
            case ErrorContextT x -> 4;
            default -> {
                List<ValueType> cases = casePayloads(t);
                int a = discriminantSize(cases.size());
                for (ValueType c : cases) {
                    if (c != null) {
                        a = Math.max(a, alignOf(c));
                    }
                }
                yield a;
            }
        };
    }

    private static int maxAlign(List<ValueType> types) {
        int a = 1;
        for (ValueType t : types) {
            a = Math.max(a, alignOf(t));
        }
        return a;
    }

    static long alignTo(long ptr, int alignment) {
        return (ptr + alignment - 1) / alignment * alignment;
    }

    static int sizeOf(ValueType t) {
        return switch (t) {
            case Prim p ->
                switch (p) {
                    case BOOL, S8, U8 -> 1;
                    case S16, U16 -> 2;
                    case S32, U32, F32, CHAR -> 4;
                    case S64, U64, F64, STRING -> 8;
                };
            case ListT l -> 8;
            case RecordT r -> sizeOfFields(r.types());
            case TupleT tu -> sizeOfFields(tu.types());
            case FlagsT f -> flagsSize(f.names().size());
            case OwnT o -> 4;
            case BorrowT b -> 4;
            case StreamT x -> 4;
            case FutureT x -> 4;
            case ErrorContextT x -> 4;
            default -> {
                List<ValueType> cases = casePayloads(t);
                long s = discriminantSize(cases.size());
                int maxCaseAlign = 1;
                int maxCaseSize = 0;
                for (ValueType c : cases) {
                    if (c != null) {
                        maxCaseAlign = Math.max(maxCaseAlign, alignOf(c));
                        maxCaseSize = Math.max(maxCaseSize, sizeOf(c));
                    }
                }
                s = alignTo(s, maxCaseAlign);
                s += maxCaseSize;
                yield (int) alignTo(s, alignOf(t));
            }
        };
    }

    private static int sizeOfFields(List<ValueType> types) {
        long s = 0;
        for (ValueType t : types) {
            s = alignTo(s, alignOf(t));
            s += sizeOf(t);
        }
        return (int) alignTo(s, maxAlign(types));
    }

    /** The flattened core types of {@code t}. */
    static List<Flat> flatten(ValueType t) {
        return flatten(t, Flat.I32, Integer.MAX_VALUE);
    }

    /**
     * The flattened core types of {@code t} with pointers (of strings and lists) of type {@code
     * pointer} ({@code I64} for a 64-bit memory), stopping once there are more than {@code limit}:
     * a caller comparing the count with a flat-parameter limit needs no more, and a validator must
     * not pay for every element of a long type. Up to {@code limit} the result is exact; beyond it
     * the result is longer than {@code limit} but may be cut short.
     */
    static List<Flat> flatten(ValueType t, Flat pointer, int limit) {
        List<Flat> out = new ArrayList<>();
        flattenInto(t, pointer, limit, out);
        return out;
    }

    private static void flattenInto(ValueType t, Flat pointer, int limit, List<Flat> out) {
        if (out.size() > limit) {
            return;
        }
        switch (t) {
            case Prim p -> {
                switch (p) {
                    case S64, U64 -> out.add(Flat.I64);
                    case F32 -> out.add(Flat.F32);
                    case F64 -> out.add(Flat.F64);
                    case STRING -> {
                        out.add(pointer);
                        out.add(pointer);
                    }
                    default -> out.add(Flat.I32);
                }
            }
            case ListT l -> {
                out.add(pointer);
                out.add(pointer);
            }
            case RecordT r -> {
                for (int i = 0; i < r.types().size() && out.size() <= limit; i++) {
                    flattenInto(r.types().get(i), pointer, limit, out);
                }
            }
            case TupleT tu -> {
                for (int i = 0; i < tu.types().size() && out.size() <= limit; i++) {
                    flattenInto(tu.types().get(i), pointer, limit, out);
                }
            }
            case FlagsT f -> {
                int n = f.names().size();
                for (int i = 0; i < (n + 31) / 32; i++) {
                    out.add(Flat.I32);
                }
            }
            case OwnT o -> out.add(Flat.I32);
            case BorrowT b -> out.add(Flat.I32);
            case StreamT x -> out.add(Flat.I32);
            case FutureT x -> out.add(Flat.I32);
            case ErrorContextT x -> out.add(Flat.I32);
            // An enum is a variant without payloads: its discriminant alone.
            case EnumT e -> out.add(Flat.I32);
            default -> {
                List<Flat> joined = new ArrayList<>();
                for (ValueType c : casePayloads(t)) {
                    if (c == null) {
                        continue;
                    }
                    List<Flat> cf = flatten(c, pointer, limit);
                    for (int i = 0; i < cf.size(); i++) {
                        if (i < joined.size()) {
                            joined.set(i, join(joined.get(i), cf.get(i)));
                        } else {
                            joined.add(cf.get(i));
                        }
                    }
                }
                out.add(Flat.I32);
                out.addAll(joined);
            }
        }
    }

    private static Flat join(Flat a, Flat b) {
        if (a == b) {
            return a;
        }
        if ((a == Flat.I32 && b == Flat.F32) || (a == Flat.F32 && b == Flat.I32)) {
            return Flat.I32;
        }
        return Flat.I64;
    }
}
