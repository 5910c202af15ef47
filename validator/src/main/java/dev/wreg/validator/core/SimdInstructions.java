package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

/**
 * The SIMD and relaxed SIMD instructions (prefix {@code 0xFD}): {@code v128} loads and stores
 * with lanes, constants and shuffles, lane extraction and replacement, and the lane-wise
 * arithmetic, each typed on the operand stack of the {@link FunctionValidator} they belong to.
 */
final class SimdInstructions {
    private final FunctionValidator v;
    private final ModuleCursor r;

    SimdInstructions(FunctionValidator v) {
        this.v = v;
        this.r = v.r;
    }

    /** One instruction after the {@code 0xFD} prefix. */
    void instruction() {
        int sub = r.u32();
        switch (sub) {
            case 0 -> v.load(4, V128);
            case 1, 2, 3, 4, 5, 6 -> v.load(3, V128);
            case 7 -> v.load(0, V128);
            case 8 -> v.load(1, V128);
            case 9 -> v.load(2, V128);
            case 10 -> v.load(3, V128);
            case 11 -> v.store(4, V128);
            case 12 -> {
                r.skip(16);
                v.push(V128);
            }
            case 13 -> {
                for (int i = 0; i < 16; i++) {
                    int at = r.pos();
                    if (r.u8() >= 32) {
                        throw ModuleCursor.errorAt("invalid lane index", at);
                    }
                }
                v.binary(V128, V128);
            }
            case 15, 16, 17 -> v.unary(I32, V128);
            case 18 -> v.unary(I64, V128);
            case 19 -> v.unary(F32, V128);
            case 20 -> v.unary(F64, V128);
            case 21, 22 -> extractLane(16, I32);
            case 23 -> replaceLane(16, I32);
            case 24, 25 -> extractLane(8, I32);
            case 26 -> replaceLane(8, I32);
            case 27 -> extractLane(4, I32);
            case 28 -> replaceLane(4, I32);
            case 29 -> extractLane(2, I64);
            case 30 -> replaceLane(2, I64);
            case 31 -> extractLane(4, F32);
            case 32 -> replaceLane(4, F32);
            case 33 -> extractLane(2, F64);
            case 34 -> replaceLane(2, F64);
            case 82 -> ternary();
            case 84, 85, 86, 87 -> {
                int lanes = 16 >> (sub - 84);
                int addr = v.memarg(sub - 84);
                lane(lanes);
                v.pop(V128);
                v.pop(addr);
                v.push(V128);
            }
            case 88, 89, 90, 91 -> {
                int lanes = 16 >> (sub - 88);
                int addr = v.memarg(sub - 88);
                lane(lanes);
                v.pop(V128);
                v.pop(addr);
            }
            case 92 -> v.load(2, V128);
            case 93 -> v.load(3, V128);
            case 83, 99, 100, 131, 132, 163, 164, 195, 196 -> v.unary(V128, I32);
            case 107, 108, 109, 139, 140, 141, 171, 172, 173, 203, 204, 205 -> {
                v.pop(I32);
                v.pop(V128);
                v.push(V128);
            }
            case 77,
                    94,
                    95,
                    96,
                    97,
                    98,
                    103,
                    104,
                    105,
                    106,
                    116,
                    117,
                    122,
                    124,
                    125,
                    126,
                    127,
                    128,
                    129,
                    135,
                    136,
                    137,
                    138,
                    148,
                    160,
                    161,
                    167,
                    168,
                    169,
                    170,
                    192,
                    193,
                    199,
                    200,
                    201,
                    202,
                    224,
                    225,
                    227,
                    236,
                    237,
                    239,
                    248,
                    249,
                    250,
                    251,
                    252,
                    253,
                    254,
                    255 -> v.unary(V128, V128);
            case 256, 269, 270, 271, 272, 273, 274 -> {
                v.requireFeature(Feature.RELAXED_SIMD, "relaxed SIMD");
                v.binary(V128, V128);
            }
            case 257, 258, 259, 260 -> {
                v.requireFeature(Feature.RELAXED_SIMD, "relaxed SIMD");
                v.unary(V128, V128);
            }
            case 261, 262, 263, 264, 265, 266, 267, 268, 275 -> {
                v.requireFeature(Feature.RELAXED_SIMD, "relaxed SIMD");
                ternary();
            }
            default -> {
                boolean binaryOp = sub == 14
                        || (sub >= 35 && sub <= 76)
                        || (sub >= 78 && sub <= 81)
                        || sub == 101
                        || sub == 102
                        || (sub >= 110 && sub <= 115)
                        || (sub >= 118 && sub <= 121)
                        || sub == 123
                        || sub == 130
                        || sub == 133
                        || sub == 134
                        || (sub >= 142 && sub <= 147)
                        || (sub >= 149 && sub <= 153)
                        || (sub >= 155 && sub <= 159)
                        || sub == 174
                        || sub == 177
                        || (sub >= 181 && sub <= 186)
                        || (sub >= 188 && sub <= 191)
                        || sub == 206
                        || sub == 209
                        || (sub >= 213 && sub <= 223)
                        || (sub >= 228 && sub <= 235)
                        || (sub >= 240 && sub <= 247);
                if (!binaryOp) {
                    throw v.err("unknown 0xfd subopcode: 0x" + Integer.toHexString(sub));
                }
                v.binary(V128, V128);
            }
        }
    }

    private void lane(int lanes) {
        int at = r.pos();
        if (r.u8() >= lanes) {
            throw ModuleCursor.errorAt("invalid lane index", at);
        }
    }

    private void extractLane(int lanes, int out) {
        lane(lanes);
        v.pop(V128);
        v.push(out);
    }

    private void replaceLane(int lanes, int in) {
        lane(lanes);
        v.pop(in);
        v.pop(V128);
        v.push(V128);
    }

    private void ternary() {
        v.pop(V128);
        v.pop(V128);
        v.pop(V128);
        v.push(V128);
    }
}
