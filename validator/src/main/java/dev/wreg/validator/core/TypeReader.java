package dev.wreg.validator.core;

import static dev.wreg.validator.core.ModuleValidator.MAX_FUNCTION_PARAMS;
import static dev.wreg.validator.core.ModuleValidator.MAX_FUNCTION_RETURNS;
import static dev.wreg.validator.core.ModuleValidator.MAX_STRUCT_FIELDS;
import static dev.wreg.validator.core.ModuleValidator.MAX_TYPES;
import static dev.wreg.validator.core.ValTypes.*;

import dev.wreg.validator.core.TypeStore.ArrayType;
import dev.wreg.validator.core.TypeStore.Composite;
import dev.wreg.validator.core.TypeStore.FuncType;
import dev.wreg.validator.core.TypeStore.StructType;
import dev.wreg.validator.core.TypeStore.SubType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a module's types: the type section (recursion groups, subtypes, function, struct and
 * array types) into the {@link TypeStore}, and the value, reference and heap types that the other
 * sections and the function bodies name, each checked against the enabled features as
 * wasmparser's {@code check_value_type} does. One per cursor: a body validated on another thread
 * reads through a reader of its own over the same (by then complete) type store.
 */
final class TypeReader {
    private final ModuleCursor r;
    private final Features features;
    private final TypeStore types;

    TypeReader(ModuleCursor r, Features features, TypeStore types) {
        this.r = r;
        this.features = features;
        this.types = types;
    }

    private boolean has(Feature f) {
        return features.has(f);
    }

    private void require(Feature f, String what) {
        if (!features.has(f)) {
            throw r.error(what + " requires the " + f.flagName() + " feature");
        }
    }

    void readTypeSection() {
        int n = r.vecCount(MAX_TYPES, "type");
        for (int i = 0; i < n; i++) {
            long at = r.pos();
            List<SubType> group = new ArrayList<>();
            if (r.peek() == 0x4E) {
                r.u8();
                if (!has(Feature.GC)) {
                    throw r.error("rec group usage requires `gc` proposal to be enabled");
                }
                int m = r.vecCount(MAX_TYPES, "rec group type");
                if ((long) types.size() + m > MAX_TYPES) {
                    throw r.error("types count is out of bounds");
                }
                int end = types.size() + m;
                for (int j = 0; j < m; j++) {
                    group.add(readSubType(end));
                }
            } else {
                if (types.size() + 1 > MAX_TYPES) {
                    throw r.error("types count is out of bounds");
                }
                // Without GC there is no recursion: a type may only refer to earlier types.
                group.add(readSubType(has(Feature.GC) ? types.size() + 1 : types.size()));
            }
            types.addGroup(group, at);
        }
    }

    private SubType readSubType(int typeLimit) {
        int b = r.u8();
        boolean isFinal = true;
        int supertype = -1;
        if (b == 0x50 || b == 0x4F) {
            if (!has(Feature.GC)) {
                throw r.error("gc proposal must be enabled to use subtypes");
            }
            isFinal = b == 0x4F;
            int count = r.u32();
            if (count < 0 || count > 1) {
                throw r.error("multiple supertypes not supported");
            }
            if (count == 1) {
                int at = r.pos();
                supertype = r.u32();
                if (supertype < 0 || supertype >= typeLimit) {
                    throw ModuleCursor.errorAt(
                            "unknown type " + Integer.toUnsignedString(supertype) + ": type index out of bounds", at);
                }
            }
            b = r.u8();
        }
        if (b == 0x65) {
            // shared-everything-threads: a shared composite type. Sharedness is not part of the
            // canonical type here (this validator implements that proposal's types only in part).
            if (!has(Feature.SHARED_EVERYTHING_THREADS)) {
                throw ModuleCursor.errorAt("shared types require the shared-everything-threads proposal", r.pos() - 1);
            }
            b = r.u8();
        }
        Composite c = switch (b) {
            case 0x60 -> {
                int np = r.vecCount(MAX_FUNCTION_PARAMS, "function params");
                int[] params = new int[np];
                for (int i = 0; i < np; i++) params[i] = readValType(typeLimit, false);
                int nr = r.vecCount(MAX_FUNCTION_RETURNS, "function returns");
                int[] results = new int[nr];
                for (int i = 0; i < nr; i++) results[i] = readValType(typeLimit, false);
                if (nr > 1 && !has(Feature.MULTI_VALUE)) {
                    throw r.error("func type returns multiple values but the multi-value feature is not enabled");
                }
                yield new FuncType(params, results);
            }
            case 0x5F -> {
                require(Feature.GC, "struct types");
                require(Feature.GC_TYPES, "defining struct types");
                int nf = r.vecCount(MAX_STRUCT_FIELDS, "struct fields");
                int[] fields = new int[nf];
                boolean[] mut = new boolean[nf];
                for (int i = 0; i < nf; i++) {
                    fields[i] = readStorageType(typeLimit);
                    mut[i] = readMutability();
                }
                yield new StructType(fields, mut);
            }
            case 0x5E -> {
                require(Feature.GC, "array types");
                require(Feature.GC_TYPES, "defining array types");
                int elem = readStorageType(typeLimit);
                yield new ArrayType(elem, readMutability());
            }
            default ->
                throw ModuleCursor.errorAt(
                        "invalid leading byte (0x" + Integer.toHexString(b) + ") for type", r.pos() - 1);
        };
        return new SubType(isFinal, supertype, c);
    }

    private boolean readMutability() {
        int m = r.u8();
        if (m > 1) {
            throw ModuleCursor.errorAt("malformed mutability", r.pos() - 1);
        }
        return m == 1;
    }

    private int readStorageType(int typeLimit) {
        int b = r.peek();
        if (b == 0x78 || b == 0x77) {
            r.u8();
            return b;
        }
        return readValType(typeLimit, false);
    }

    /** A value type whose concrete references must be in the module's type space, canonicalized. */
    int readValType() {
        return readValType(types.size(), true);
    }

    int readValType(int typeLimit, boolean canonicalize) {
        int at = r.pos();
        int t = decodeValType(typeLimit, canonicalize);
        checkValTypeFeatures(t, at);
        return t;
    }

    /** Decodes a value type; which features it needs is checked separately, as wasmparser does. */
    int decodeValType(int typeLimit, boolean canonicalize) {
        int at = r.pos();
        int b = r.peek();
        switch (b) {
            case 0x7F, 0x7E, 0x7D, 0x7C, 0x7B -> {
                r.u8();
                return b;
            }
            case 0x63, 0x64 -> {
                r.u8();
                int heap = readHeapType(typeLimit, canonicalize, false);
                return ref(b == 0x63, heap);
            }
            case 0x65 -> {
                // shared-everything-threads: `shared` before an abstract heap type's short form.
                r.u8();
                int code = r.u8();
                if (!isAbstractHeapOpcode(code)) {
                    throw ModuleCursor.errorAt("invalid value type", at);
                }
                return ref(true, ABSTRACT | SHARED | code);
            }
            default -> {
                if (isAbstractHeapOpcode(b)) {
                    r.u8();
                    return ref(true, ABSTRACT | b);
                }
                throw ModuleCursor.errorAt("invalid value type", at);
            }
        }
    }

    /** The feature rules of wasmparser's {@code check_value_type}. */
    void checkValTypeFeatures(int t, int at) {
        switch (t) {
            case I32, I64 -> {}
            case F32, F64 -> {
                if (!has(Feature.FLOATS)) {
                    throw ModuleCursor.errorAt("floating-point support is disabled", at);
                }
            }
            case V128 -> {
                if (!has(Feature.SIMD)) {
                    throw ModuleCursor.errorAt("SIMD support is not enabled", at);
                }
            }
            default -> checkRefTypeFeatures(t, at);
        }
    }

    private void checkRefTypeFeatures(int t, int at) {
        if (!has(Feature.REFERENCE_TYPES)) {
            throw ModuleCursor.errorAt("reference types support is not enabled", at);
        }
        int heap = heap(t);
        if (isSharedAbstract(heap)) {
            if (!has(Feature.SHARED_EVERYTHING_THREADS)) {
                throw ModuleCursor.errorAt("shared reference types require the shared-everything-threads proposal", at);
            }
            heap &= ~SHARED;
        }
        if (!isAbstract(heap)) {
            if (!has(Feature.GC) && !has(Feature.FUNCTION_REFERENCES)) {
                throw ModuleCursor.errorAt("function references required for index reference types", at);
            }
            return;
        }
        if (heap != FUNC && heap != EXN && !has(Feature.GC_TYPES)) {
            throw ModuleCursor.errorAt("gc types are disallowed but found type which requires gc", at);
        }
        switch (heap) {
            case FUNC, EXTERN -> {
                if (!isNullable(t) && !has(Feature.FUNCTION_REFERENCES)) {
                    throw ModuleCursor.errorAt("function references required for non-nullable types", at);
                }
            }
            case EXN, NOEXN -> {
                if (!has(Feature.EXCEPTIONS)) {
                    throw ModuleCursor.errorAt(
                            "exception refs not supported without the exception handling feature", at);
                }
            }
            default -> {
                if (!has(Feature.GC)) {
                    throw ModuleCursor.errorAt("heap types not supported without the gc feature", at);
                }
            }
        }
    }

    int readRefType() {
        int at = r.pos();
        int t = readValType();
        if (!isRef(t)) {
            throw ModuleCursor.errorAt("malformed reference type", at);
        }
        return t;
    }

    /** A heap type in an instruction (ref.null, casts): checked as the nullable ref type would be. */
    int readHeapType() {
        return readHeapType(types.size(), true, true);
    }

    int readHeapType(int typeLimit, boolean canonicalize, boolean checkFeatures) {
        int at = r.pos();
        int shared = 0;
        if (r.peek() == 0x65) {
            r.u8();
            shared = SHARED;
        }
        long v = r.s33();
        int heap;
        if (v >= 0) {
            if (v >= typeLimit) {
                boolean selfReference = !has(Feature.GC) && v == types.size();
                throw ModuleCursor.errorAt(
                        "unknown type " + v + ": type index out of bounds"
                                + (selfReference ? " because the GC proposal is disabled" : ""),
                        at);
            }
            heap = canonicalize ? types.canonical((int) v) : (int) v;
        } else {
            int code = (int) (v & 0x7F);
            if (v < -64 || !isAbstractHeapOpcode(code)) {
                throw ModuleCursor.errorAt("invalid heap type", at);
            }
            heap = ABSTRACT | shared | code;
        }
        if (shared != 0 && !isAbstract(heap)) {
            throw ModuleCursor.errorAt("invalid heap type", at);
        }
        if (checkFeatures) {
            checkRefTypeFeatures(ref(true, heap), at);
        }
        return heap;
    }
}
