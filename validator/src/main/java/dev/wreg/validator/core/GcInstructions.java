package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

import dev.wreg.validator.core.TypeStore.ArrayType;
import dev.wreg.validator.core.TypeStore.StructType;

/**
 * The GC proposal's instructions (prefix {@code 0xFB}; Wasm 3.0 "Aggregate" and "Reference"
 * instructions): struct and array allocation, access and bulk operations, {@code ref.i31},
 * {@code any.convert_extern}, and casts and branches on casts, checked against the module's
 * canonical types on the operand stack of the {@link FunctionValidator} they belong to.
 */
final class GcInstructions {
    private final FunctionValidator v;
    private final ModuleCursor r;
    private final TypeStore types;

    GcInstructions(FunctionValidator v) {
        this.v = v;
        this.r = v.r;
        this.types = v.types;
    }

    /** One instruction after the {@code 0xFB} prefix. */
    void instruction() {
        int sub = r.u32();
        v.requireFeature(Feature.GC, "gc");
        int at = r.pos();
        switch (sub) {
            case 0 -> {
                int idx = v.readIndex();
                StructType s = v.structAt(idx, at);
                for (int i = s.fields().length - 1; i >= 0; i--) v.pop(unpacked(s.fields()[i]));
                v.push(ref(false, types.canonical(idx)));
            }
            case 1 -> {
                int idx = v.readIndex();
                StructType s = v.structAt(idx, at);
                for (int f : s.fields()) {
                    if (!isDefaultable(f)) {
                        throw v.err("invalid `struct.new_default`: field type is not defaultable");
                    }
                }
                v.push(ref(false, types.canonical(idx)));
            }
            case 2, 3, 4 -> {
                int idx = v.readIndex();
                StructType s = v.structAt(idx, at);
                int fAt = r.pos();
                int field = v.readIndex();
                if (field < 0 || field >= s.fields().length) {
                    throw ModuleCursor.errorAt("unknown field: field index out of bounds", fAt);
                }
                int ft = s.fields()[field];
                boolean packed = ft == I8 || ft == I16;
                if (sub == 2 && packed) {
                    throw v.err("can only use struct.get with non-packed storage types");
                }
                if (sub != 2 && !packed) {
                    throw v.err("cannot use struct.get_s or struct.get_u with non-packed storage types");
                }
                v.pop(ref(true, types.canonical(idx)));
                v.push(unpacked(ft));
            }
            case 5 -> {
                int idx = v.readIndex();
                StructType s = v.structAt(idx, at);
                int fAt = r.pos();
                int field = v.readIndex();
                if (field < 0 || field >= s.fields().length) {
                    throw ModuleCursor.errorAt("unknown field: field index out of bounds", fAt);
                }
                if (!s.mutable()[field]) {
                    throw v.err("invalid struct modification: struct field is immutable");
                }
                v.pop(unpacked(s.fields()[field]));
                v.pop(ref(true, types.canonical(idx)));
            }
            case 6 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                v.pop(I32);
                v.pop(unpacked(a.element()));
                v.push(ref(false, types.canonical(idx)));
            }
            case 7 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                if (!isDefaultable(a.element())) {
                    throw v.err("invalid `array.new_default`: array type is not defaultable");
                }
                v.pop(I32);
                v.push(ref(false, types.canonical(idx)));
            }
            case 8 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                long n = Integer.toUnsignedLong(r.u32());
                v.popMany(unpacked(a.element()), n);
                v.push(ref(false, types.canonical(idx)));
            }
            case 9 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                int dAt = r.pos();
                int d = v.readIndex();
                if (isRef(a.element())) {
                    throw v.err(
                            "type mismatch: array.new_data can only create arrays with numeric and vector elements");
                }
                v.m.dataSegment(d, dAt);
                v.pop(I32);
                v.pop(I32);
                v.push(ref(false, types.canonical(idx)));
            }
            case 10 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                int eAt = r.pos();
                int et = v.m.elemType(v.readIndex(), eAt);
                if (!types.isSubtype(et, a.element())) {
                    throw v.err("type mismatch: invalid array.new_elem instruction");
                }
                v.pop(I32);
                v.pop(I32);
                v.push(ref(false, types.canonical(idx)));
            }
            case 11, 12, 13 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                boolean packed = a.element() == I8 || a.element() == I16;
                if (sub == 11 && packed) {
                    throw v.err("can only use array.get with non-packed storage types");
                }
                if (sub != 11 && !packed) {
                    throw v.err("cannot use array.get_s or array.get_u with non-packed storage types");
                }
                v.pop(I32);
                v.pop(ref(true, types.canonical(idx)));
                v.push(unpacked(a.element()));
            }
            case 14 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                if (!a.mutable()) {
                    throw v.err("invalid array modification: array is immutable");
                }
                v.pop(unpacked(a.element()));
                v.pop(I32);
                v.pop(ref(true, types.canonical(idx)));
            }
            case 15 -> {
                v.pop(ref(true, ARRAY));
                v.push(I32);
            }
            case 16 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                if (!a.mutable()) {
                    throw v.err("invalid array modification: array is immutable");
                }
                v.pop(I32);
                v.pop(unpacked(a.element()));
                v.pop(I32);
                v.pop(ref(true, types.canonical(idx)));
            }
            case 17 -> {
                int dstIdx = v.readIndex();
                ArrayType dst = v.arrayAt(dstIdx, at);
                int sAt = r.pos();
                int srcIdx = v.readIndex();
                ArrayType src = v.arrayAt(srcIdx, sAt);
                if (!dst.mutable()) {
                    throw v.err("invalid array modification: array is immutable");
                }
                boolean ok;
                if (dst.element() == I8 || dst.element() == I16 || src.element() == I8 || src.element() == I16) {
                    ok = dst.element() == src.element();
                } else {
                    ok = types.isSubtype(src.element(), dst.element());
                }
                if (!ok) {
                    throw v.err("array types do not match");
                }
                v.pop(I32);
                v.pop(I32);
                v.pop(ref(true, types.canonical(srcIdx)));
                v.pop(I32);
                v.pop(ref(true, types.canonical(dstIdx)));
            }
            case 18 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                int dAt = r.pos();
                int d = v.readIndex();
                if (!a.mutable()) {
                    throw v.err("invalid array modification: array is immutable");
                }
                if (isRef(a.element())) {
                    throw v.err(
                            "type mismatch: array.init_data can only create arrays with numeric and vector elements");
                }
                v.m.dataSegment(d, dAt);
                v.pop(I32);
                v.pop(I32);
                v.pop(I32);
                v.pop(ref(true, types.canonical(idx)));
            }
            case 19 -> {
                int idx = v.readIndex();
                ArrayType a = v.arrayAt(idx, at);
                int eAt = r.pos();
                int et = v.m.elemType(v.readIndex(), eAt);
                if (!a.mutable()) {
                    throw v.err("invalid array modification: array is immutable");
                }
                if (!types.isSubtype(et, a.element())) {
                    throw v.err("type mismatch: invalid array.init_elem instruction");
                }
                v.pop(I32);
                v.pop(I32);
                v.pop(I32);
                v.pop(ref(true, types.canonical(idx)));
            }
            case 20, 21, 22, 23 -> {
                int heap = v.m.typeReader.readHeapType();
                boolean nullable = sub == 21 || sub == 23;
                v.pop(ref(true, types.top(heap)));
                v.push(sub <= 21 ? I32 : ref(nullable, heap));
            }
            case 24, 25 -> {
                int flagsAt = r.pos();
                int flags = r.u8();
                if ((flags & ~3) != 0) {
                    throw ModuleCursor.errorAt("invalid br_on_cast flags", flagsAt);
                }
                int depth = v.readIndex();
                int from = ref((flags & 1) != 0, v.m.typeReader.readHeapType());
                int to = ref((flags & 2) != 0, v.m.typeReader.readHeapType());
                if (!types.isSubtype(to, from)) {
                    throw v.err("type mismatch: expected " + name(from) + ", found " + name(to));
                }
                int[] lt = v.labelTypes(v.label(depth));
                if (lt.length == 0) {
                    throw v.err("type mismatch: br_on_cast to label with empty types, must have a reference type");
                }
                int last = lt[lt.length - 1];
                // The difference type: what is left when `to` did not match.
                int diff = isNullable(to) ? (from & ~NULLABLE) : from;
                int branch = sub == 24 ? to : diff;
                if (!types.isSubtype(branch, last)) {
                    throw v.err("type mismatch: cast type does not match label result type");
                }
                v.pop(from);
                v.popPushLabel(lt, lt.length - 1);
                v.push(sub == 24 ? diff : to);
            }
            case 26 -> {
                int t = v.pop(ref(true, EXTERN));
                boolean nullable = t == UNKNOWN || isNullable(t);
                v.push(ref(nullable, ANY));
            }
            case 27 -> {
                int t = v.pop(ref(true, ANY));
                boolean nullable = t == UNKNOWN || isNullable(t);
                v.push(ref(nullable, EXTERN));
            }
            case 28 -> {
                v.pop(I32);
                v.push(ref(false, I31));
            }
            case 29, 30 -> {
                v.pop(ref(true, I31));
                v.push(I32);
            }
            default -> throw v.err("unknown 0xfb subopcode: 0x" + Integer.toHexString(sub));
        }
    }
}
