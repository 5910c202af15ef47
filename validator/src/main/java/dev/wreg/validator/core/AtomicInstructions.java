package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

/**
 * The threads proposal's atomic instructions (prefix {@code 0xFE}): {@code memory.atomic.notify}
 * and {@code wait}, {@code atomic.fence}, and the atomic loads, stores, read-modify-writes and
 * compare-exchanges, whose memarg must give exactly the natural alignment. Checked on the operand
 * stack of the {@link FunctionValidator} they belong to.
 */
final class AtomicInstructions {
    private final FunctionValidator v;
    private final ModuleCursor r;

    AtomicInstructions(FunctionValidator v) {
        this.v = v;
        this.r = v.r;
    }

    // Per variant within a load/store/rmw group: i32, i64, i32 8-bit, i32 16-bit, i64 8, 16, 32-bit.
    private static final int[] ATOMIC_TYPE = {I32, I64, I32, I32, I64, I64, I64};
    private static final int[] ATOMIC_ALIGN = {2, 3, 0, 1, 0, 1, 2};

    /** Reads an atomic memarg, whose alignment must be exactly natural; returns the address type. */
    private int atomicMemarg(int align) {
        int at = r.pos();
        int flags = r.u32();
        int natural = flags & ~0x40;
        int addr = v.memarg0(at, flags, align);
        if (natural != align) {
            throw v.err("atomic instructions must always specify maximum alignment");
        }
        return addr;
    }

    /** One instruction after the {@code 0xFE} prefix. */
    void instruction() {
        int sub = r.u32();
        switch (sub) {
            case 0x00 -> {
                int addr = atomicMemarg(2);
                v.pop(I32);
                v.pop(addr);
                v.push(I32);
            }
            case 0x01, 0x02 -> {
                int addr = atomicMemarg(sub == 1 ? 2 : 3);
                v.pop(I64);
                v.pop(sub == 1 ? I32 : I64);
                v.pop(addr);
                v.push(I32);
            }
            case 0x03 -> {
                int at = r.pos();
                if (r.u8() != 0) {
                    throw ModuleCursor.errorAt("nonzero byte after `atomic.fence`", at);
                }
            }
            default -> {
                if (sub >= 0x10 && sub <= 0x16) {
                    int variant = sub - 0x10;
                    int addr = atomicMemarg(ATOMIC_ALIGN[variant]);
                    v.pop(addr);
                    v.push(ATOMIC_TYPE[variant]);
                } else if (sub >= 0x17 && sub <= 0x1D) {
                    int variant = sub - 0x17;
                    int addr = atomicMemarg(ATOMIC_ALIGN[variant]);
                    v.pop(ATOMIC_TYPE[variant]);
                    v.pop(addr);
                } else if (sub >= 0x1E && sub <= 0x47) {
                    int variant = (sub - 0x1E) % 7;
                    int addr = atomicMemarg(ATOMIC_ALIGN[variant]);
                    v.pop(ATOMIC_TYPE[variant]);
                    v.pop(addr);
                    v.push(ATOMIC_TYPE[variant]);
                } else if (sub >= 0x48 && sub <= 0x4E) {
                    int variant = sub - 0x48;
                    int addr = atomicMemarg(ATOMIC_ALIGN[variant]);
                    v.pop(ATOMIC_TYPE[variant]);
                    v.pop(ATOMIC_TYPE[variant]);
                    v.pop(addr);
                    v.push(ATOMIC_TYPE[variant]);
                } else {
                    throw v.err("unknown 0xfe subopcode: 0x" + Integer.toHexString(sub));
                }
            }
        }
    }
}
