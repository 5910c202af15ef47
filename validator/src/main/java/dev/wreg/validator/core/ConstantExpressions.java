package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

import dev.wreg.validator.core.ModuleValidator.Global;

/**
 * What a constant expression (global initializers, element and data offsets, element items) may
 * contain: the constants, {@code ref.null}, {@code ref.func}, {@code global.get} of an immutable
 * global (an imported one unless GC is on), the extended-const arithmetic, {@code v128.const} and
 * GC's allocations and {@code ref.i31}-family; each allowed instruction is then checked like any
 * other by the {@link FunctionValidator} running the expression.
 */
final class ConstantExpressions {
    private ConstantExpressions() {}

    /** Checks one instruction of a constant expression, then has {@code v} apply it. */
    static void instruction(FunctionValidator v, int op) {
        ModuleValidator m = v.m;
        ModuleCursor r = v.r;
        switch (op) {
            case 0x0B, 0x41, 0x42, 0x43, 0x44, 0xD0 -> v.instruction(op);
            case 0xD2 -> {
                // Functions named in constant expressions count as declared for `ref.func` in bodies.
                int at = r.pos();
                int f = v.readIndex();
                m.functionType(f, at);
                m.declaredFuncRefs.set(f);
                v.push(ref(false, v.types.canonical(m.functions.get(f))));
            }
            case 0x23 -> {
                int at = r.pos();
                int g = v.readIndex();
                Global gl = m.global(g, at);
                if (g >= m.importedGlobals && !m.has(Feature.GC)) {
                    throw v.err("constant expression required: global.get of locally defined global");
                }
                if (gl.mutable()) {
                    throw v.err("constant expression required: global.get of mutable global");
                }
                v.push(gl.type());
            }
            case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E -> {
                if (!m.has(Feature.EXTENDED_CONST)) {
                    throw v.err("constant expression required: non-constant operator");
                }
                v.instruction(op);
            }
            case 0xFD -> {
                int save = r.pos();
                int sub = r.u32();
                if (sub != 12) {
                    throw v.err("constant expression required: non-constant operator");
                }
                r.seek(save);
                v.instruction(op);
            }
            case 0xFB -> {
                int save = r.pos();
                int sub = r.u32();
                boolean allowed =
                        sub == 0 || sub == 1 || sub == 6 || sub == 7 || sub == 8 || sub == 26 || sub == 27 || sub == 28;
                if (!allowed || !m.has(Feature.GC)) {
                    throw v.err("constant expression required: non-constant operator");
                }
                r.seek(save);
                v.instruction(op);
            }
            default -> throw v.err("constant expression required: non-constant operator 0x" + Integer.toHexString(op));
        }
    }
}
