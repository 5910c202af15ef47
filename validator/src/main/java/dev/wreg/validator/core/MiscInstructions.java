package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

import dev.wreg.validator.core.ModuleValidator.Table;

/**
 * The instructions behind the {@code 0xFC} prefix (the spec's and wasmparser's "misc" group):
 * saturating float-to-int conversions, bulk memory ({@code memory.init/copy/fill},
 * {@code data.drop}), table operations ({@code table.init/copy/grow/size/fill},
 * {@code elem.drop}), {@code memory.discard} and wide arithmetic, checked on the operand stack of
 * the {@link FunctionValidator} they belong to.
 */
final class MiscInstructions {
    private final FunctionValidator v;
    private final ModuleCursor r;
    private final TypeStore types;

    MiscInstructions(FunctionValidator v) {
        this.v = v;
        this.r = v.r;
        this.types = v.types;
    }

    /** One instruction after the {@code 0xFC} prefix. */
    void instruction() {
        int sub = r.u32();
        switch (sub) {
            case 0, 1 -> sat(F32, I32);
            case 2, 3 -> sat(F64, I32);
            case 4, 5 -> sat(F32, I64);
            case 6, 7 -> sat(F64, I64);
            case 8 -> {
                v.requireFeature(Feature.BULK_MEMORY, "bulk memory");
                int dAt = r.pos();
                int d = v.readIndex();
                int addr = v.memoryIndexAddr();
                v.m.dataSegment(d, dAt);
                v.pop(I32);
                v.pop(I32);
                v.pop(addr);
            }
            case 9 -> {
                v.requireFeature(Feature.BULK_MEMORY, "bulk memory");
                int dAt = r.pos();
                v.m.dataSegment(v.readIndex(), dAt);
            }
            case 10 -> {
                v.requireFeature(Feature.BULK_MEMORY, "bulk memory");
                int dst = v.memoryIndexAddr();
                int src = v.memoryIndexAddr();
                int len = dst == I32 || src == I32 ? I32 : I64;
                v.pop(len);
                v.pop(src);
                v.pop(dst);
            }
            case 11 -> {
                v.requireFeature(Feature.BULK_MEMORY, "bulk memory");
                int addr = v.memoryIndexAddr();
                v.pop(addr);
                v.pop(I32);
                v.pop(addr);
            }
            case 12 -> {
                v.requireFeature(Feature.BULK_MEMORY, "bulk memory");
                int eAt = r.pos();
                int e = v.readIndex();
                int tAt = r.pos();
                Table t = v.m.table(v.readIndex(), tAt);
                int et = v.m.elemType(e, eAt);
                if (!types.isSubtype(et, t.elemType())) {
                    throw v.err("type mismatch: element segment type does not match table type");
                }
                v.pop(I32);
                v.pop(I32);
                v.pop(t.is64() ? I64 : I32);
            }
            case 13 -> {
                v.requireFeature(Feature.BULK_MEMORY, "bulk memory");
                int eAt = r.pos();
                v.m.elemType(v.readIndex(), eAt);
            }
            case 14 -> {
                v.requireFeature(Feature.BULK_MEMORY, "bulk memory");
                int dAt = r.pos();
                Table dst = v.m.table(v.readIndex(), dAt);
                int sAt = r.pos();
                Table src = v.m.table(v.readIndex(), sAt);
                if (!types.isSubtype(src.elemType(), dst.elemType())) {
                    throw v.err("type mismatch: source table type does not match destination table type");
                }
                int len = dst.is64() && src.is64() ? I64 : I32;
                v.pop(len);
                v.pop(src.is64() ? I64 : I32);
                v.pop(dst.is64() ? I64 : I32);
            }
            case 15 -> {
                v.requireFeature(Feature.REFERENCE_TYPES, "reference types");
                int at = r.pos();
                Table t = v.m.table(v.readIndex(), at);
                int addr = t.is64() ? I64 : I32;
                v.pop(addr);
                v.pop(t.elemType());
                v.push(addr);
            }
            case 16 -> {
                v.requireFeature(Feature.REFERENCE_TYPES, "reference types");
                int at = r.pos();
                Table t = v.m.table(v.readIndex(), at);
                v.push(t.is64() ? I64 : I32);
            }
            case 17 -> {
                v.requireFeature(Feature.REFERENCE_TYPES, "reference types");
                int at = r.pos();
                Table t = v.m.table(v.readIndex(), at);
                int addr = t.is64() ? I64 : I32;
                v.pop(addr);
                v.pop(t.elemType());
                v.pop(addr);
            }
            case 18 -> {
                v.requireFeature(Feature.MEMORY_CONTROL, "memory control");
                int at = r.pos();
                int addr = v.m.memory(r.u32(), at).is64() ? I64 : I32;
                v.pop(addr);
                v.pop(addr);
            }
            case 19, 20 -> {
                v.requireFeature(Feature.WIDE_ARITHMETIC, "wide arithmetic");
                v.pop(I64);
                v.pop(I64);
                v.pop(I64);
                v.pop(I64);
                v.push(I64);
                v.push(I64);
            }
            case 21, 22 -> {
                v.requireFeature(Feature.WIDE_ARITHMETIC, "wide arithmetic");
                v.pop(I64);
                v.pop(I64);
                v.push(I64);
                v.push(I64);
            }
            default -> throw v.err("unknown 0xfc subopcode: 0x" + Integer.toHexString(sub));
        }
    }

    private void sat(int in, int out) {
        if (!v.m.has(Feature.FLOATS)) {
            throw v.err("floating-point instruction disallowed");
        }
        v.requireFeature(Feature.SATURATING_FLOAT_TO_INT, "saturating float to int conversions");
        v.unary(in, out);
    }
}
