package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's type section after canonicalization: each type index maps to a canonical index
 * (the first index whose rec group is structurally identical, the iso-recursive equivalence of
 * the GC proposal), and every stored definition already refers to canonical indices. Subtyping
 * between value types lives here because it needs the definitions.
 */
final class TypeStore {

    sealed interface Composite permits FuncType, StructType, ArrayType {}

    record FuncType(int[] params, int[] results) implements Composite {}

    record StructType(int[] fields, boolean[] mutable) implements Composite {}

    record ArrayType(int element, boolean mutable) implements Composite {}

    /** A defined type; {@code supertype} is a canonical index or -1. */
    record SubType(boolean isFinal, int supertype, Composite composite) {}

    private final List<SubType> types = new ArrayList<>();
    private int[] canon = new int[16];
    private int[] depth = new int[16];
    private final Map<String, Integer> groups = new HashMap<>();

    int size() {
        return types.size();
    }

    SubType type(int index) {
        return types.get(index);
    }

    int canonical(int index) {
        return canon[index];
    }

    /** The function type at a module type index, or an error if it is not one. */
    FuncType funcType(int index, long offset) {
        if (index < 0 || index >= types.size()) {
            throw new ModuleError(
                    "unknown type " + Integer.toUnsignedString(index) + ": type index out of bounds", offset);
        }
        if (!(types.get(index).composite() instanceof FuncType f)) {
            throw new ModuleError("type mismatch: type " + index + " is not a function type", offset);
        }
        return f;
    }

    /**
     * Adds one rec group. {@code raw} refers to module indices (not yet canonical); references
     * must already be known to be below the end of this group.
     */
    void addGroup(List<SubType> raw, long offset) {
        int start = types.size();
        int n = raw.size();
        for (int i = 0; i < n; i++) {
            int sup = raw.get(i).supertype();
            if (sup >= start + i) {
                throw new ModuleError("supertypes must be defined before subtypes", offset);
            }
        }
        StringBuilder key = new StringBuilder();
        for (SubType t : raw) {
            key.append(t.isFinal() ? 'F' : 'O');
            key.append(t.supertype() < 0 ? "-" : indexKey(t.supertype(), start, n))
                    .append(':');
            switch (t.composite()) {
                case FuncType f -> {
                    key.append('f');
                    for (int p : f.params()) key.append(typeKey(p, start, n));
                    key.append('>');
                    for (int r : f.results()) key.append(typeKey(r, start, n));
                }
                case StructType s -> {
                    key.append('s');
                    for (int i = 0; i < s.fields().length; i++) {
                        key.append(typeKey(s.fields()[i], start, n)).append(s.mutable()[i] ? 'm' : 'c');
                    }
                }
                case ArrayType a ->
                    key.append('a').append(typeKey(a.element(), start, n)).append(a.mutable() ? 'm' : 'c');
            }
            key.append(';');
        }
        Integer existing = groups.get(key.toString());
        boolean isNew = existing == null;
        int base = isNew ? start : existing;
        if (isNew) {
            groups.put(key.toString(), start);
        }
        ensureCapacity(start + n);
        for (int i = 0; i < n; i++) {
            canon[start + i] = base + i;
        }
        for (SubType t : raw) {
            types.add(remap(t));
        }
        for (int i = 0; i < n; i++) {
            int idx = start + i;
            SubType t = types.get(idx);
            if (t.supertype() >= 0) {
                SubType sup = types.get(t.supertype());
                if (sup.isFinal()) {
                    throw new ModuleError("sub type cannot have a final super type", offset);
                }
                if (!compositeMatches(t.composite(), sup.composite())) {
                    throw new ModuleError("sub type must match super type", offset);
                }
                depth[idx] = depth[t.supertype()] + 1;
                if (depth[idx] > 63) {
                    throw new ModuleError("sub type hierarchy too deep", offset);
                }
            } else {
                depth[idx] = 0;
            }
        }
    }

    private void ensureCapacity(int n) {
        if (n > canon.length) {
            int len = Math.max(n, canon.length * 2);
            canon = Arrays.copyOf(canon, len);
            depth = Arrays.copyOf(depth, len);
        }
    }

    private String indexKey(int idx, int start, int n) {
        return idx >= start && idx < start + n ? "r" + (idx - start) : "c" + canon[idx];
    }

    private String typeKey(int t, int start, int n) {
        if (isRef(t) && !isAbstract(heap(t))) {
            return "(" + (isNullable(t) ? "n" : "") + indexKey(heap(t), start, n) + ")";
        }
        return "(" + t + ")";
    }

    private int remapType(int t) {
        if (isRef(t) && !isAbstract(heap(t))) {
            return (t & ~HEAP_MASK) | canon[heap(t)];
        }
        return t;
    }

    private SubType remap(SubType t) {
        Composite c = switch (t.composite()) {
            case FuncType f -> new FuncType(remapAll(f.params()), remapAll(f.results()));
            case StructType s -> new StructType(remapAll(s.fields()), s.mutable());
            case ArrayType a -> new ArrayType(remapType(a.element()), a.mutable());
        };
        return new SubType(t.isFinal(), t.supertype() < 0 ? -1 : canon[t.supertype()], c);
    }

    private int[] remapAll(int[] ts) {
        int[] out = new int[ts.length];
        for (int i = 0; i < ts.length; i++) {
            out[i] = remapType(ts[i]);
        }
        return out;
    }

    /** Maps a value type read from the binary (module indices) to its canonical form. */
    int canonicalType(int t) {
        return remapType(t);
    }

    // ---- subtyping ----

    boolean compositeMatches(Composite sub, Composite sup) {
        return switch (sub) {
            case FuncType a when sup instanceof FuncType b -> funcMatches(a, b);
            case StructType a
            when sup instanceof StructType b -> {
                if (a.fields().length < b.fields().length) {
                    yield false;
                }
                for (int i = 0; i < b.fields().length; i++) {
                    if (!fieldMatches(a.fields()[i], a.mutable()[i], b.fields()[i], b.mutable()[i])) {
                        yield false;
                    }
                }
                yield true;
            }
            case ArrayType a
            when sup instanceof ArrayType b -> fieldMatches(a.element(), a.mutable(), b.element(), b.mutable());
            default -> false;
        };
    }

    boolean funcMatches(FuncType a, FuncType b) {
        if (a.params().length != b.params().length || a.results().length != b.results().length) {
            return false;
        }
        for (int i = 0; i < a.params().length; i++) {
            if (!isSubtype(b.params()[i], a.params()[i])) {
                return false;
            }
        }
        for (int i = 0; i < a.results().length; i++) {
            if (!isSubtype(a.results()[i], b.results()[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean fieldMatches(int a, boolean aMut, int b, boolean bMut) {
        if (aMut != bMut) {
            return false;
        }
        if (aMut) {
            return a == b;
        }
        return a == b || isSubtype(a, b);
    }

    /** {@code a <: b} for value types (storage types compare by equality). */
    boolean isSubtype(int a, int b) {
        if (a == b || a == UNKNOWN) {
            return true;
        }
        if (!isRef(a) || !isRef(b)) {
            return false;
        }
        if (isNullable(a) && !isNullable(b)) {
            return false;
        }
        return isHeapSubtype(heap(a), heap(b));
    }

    boolean isHeapSubtype(int a, int b) {
        if (a == b || a == BOTTOM_HEAP) {
            return true;
        }
        if (isSharedAbstract(a) || isSharedAbstract(b)) {
            // Shared abstract types relate only among themselves, as their unshared forms do.
            return isSharedAbstract(a) && isSharedAbstract(b) && isHeapSubtype(a & ~SHARED, b & ~SHARED);
        }
        if (isAbstract(b)) {
            return switch (b) {
                case ANY ->
                    a == EQ || a == I31 || a == STRUCT || a == ARRAY || a == NONE || isConcreteOf(a, true, true);
                case EQ -> a == I31 || a == STRUCT || a == ARRAY || a == NONE || isConcreteOf(a, true, true);
                case STRUCT -> a == NONE || isConcreteOf(a, true, false);
                case ARRAY -> a == NONE || isConcreteOf(a, false, true);
                case I31 -> a == NONE;
                case FUNC -> a == NOFUNC || (!isAbstract(a) && types.get(a).composite() instanceof FuncType);
                case EXTERN -> a == NOEXTERN;
                case EXN -> a == NOEXN;
                default -> false;
            };
        }
        // b is concrete.
        if (isAbstract(a)) {
            Composite c = types.get(b).composite();
            return c instanceof FuncType ? a == NOFUNC : a == NONE;
        }
        int s = a;
        while (s >= 0) {
            if (s == b) {
                return true;
            }
            s = types.get(s).supertype();
        }
        return false;
    }

    private boolean isConcreteOf(int heap, boolean struct, boolean array) {
        if (isAbstract(heap)) {
            return false;
        }
        Composite c = types.get(heap).composite();
        return (struct && c instanceof StructType) || (array && c instanceof ArrayType);
    }

    /** The top heap type of the hierarchy a heap type belongs to. */
    int top(int heap) {
        if (isSharedAbstract(heap)) {
            return top(heap & ~SHARED) | SHARED;
        }
        if (isAbstract(heap)) {
            return switch (heap) {
                case FUNC, NOFUNC -> FUNC;
                case EXTERN, NOEXTERN -> EXTERN;
                case EXN, NOEXN -> EXN;
                case BOTTOM_HEAP -> BOTTOM_HEAP;
                default -> ANY;
            };
        }
        return types.get(heap).composite() instanceof FuncType ? FUNC : ANY;
    }

    /** The bottom heap type of the hierarchy a heap type belongs to. */
    int bottom(int heap) {
        if (isSharedAbstract(heap)) {
            return bottom(heap & ~SHARED) | SHARED;
        }
        return switch (top(heap)) {
            case FUNC -> NOFUNC;
            case EXTERN -> NOEXTERN;
            case EXN -> NOEXN;
            case BOTTOM_HEAP -> BOTTOM_HEAP;
            default -> NONE;
        };
    }
}
