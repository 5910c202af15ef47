package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

import dev.wreg.validator.core.ModuleValidator.ConstContext;
import dev.wreg.validator.core.ModuleValidator.Global;
import dev.wreg.validator.core.ModuleValidator.Memory;
import dev.wreg.validator.core.ModuleValidator.Table;
import dev.wreg.validator.core.TypeStore.ArrayType;
import dev.wreg.validator.core.TypeStore.Composite;
import dev.wreg.validator.core.TypeStore.FuncType;
import dev.wreg.validator.core.TypeStore.StructType;
import java.util.Arrays;

/**
 * Type-checks one function body (or constant expression) with the spec's validation algorithm:
 * an operand stack of value types, a control stack of frames, and a polymorphic "unknown" type
 * after unconditional branches. Locals of non-defaultable type are tracked for initialization.
 */
final class FunctionValidator {
    private static final int[] NONE_TYPES = new int[0];
    private static final FuncType EMPTY_BLOCK = new FuncType(NONE_TYPES, NONE_TYPES);

    final ModuleValidator m;
    final ModuleCursor r;
    final TypeStore types;
    private int[] returnTypes;
    private final ConstContext constContext; // null for function bodies
    private final boolean floats;
    private final boolean multiMemory;
    private final boolean memory64;

    private int[] locals = NONE_TYPES;
    private boolean[] localInit = new boolean[0];
    private int[] initLog = new int[8];
    private int initLogSize;

    private int[] stack = new int[32];
    private int sp;
    // The control stack as parallel arrays: deep nesting costs a few bytes per level, not an object.
    private int[] ctrlOpcode = new int[8];
    private int[][] ctrlParams = new int[8][];
    private int[][] ctrlResults = new int[8][];
    private int[] ctrlHeight = new int[8];
    private boolean[] ctrlUnreachable = new boolean[8];
    private int[] ctrlInitHeight = new int[8];
    private int csp;
    private int opAt;
    private java.util.Map<Integer, FuncType> singleResultBlocks; // created on first use
    private GcInstructions gc; // created on first use, as most bodies have no GC or SIMD code
    private SimdInstructions simd;
    private MiscInstructions misc;
    private AtomicInstructions atomics;

    /**
     * A validator of function bodies read through {@code m}'s cursor, one after another: its
     * stacks keep their capacity from body to body.
     */
    FunctionValidator(ModuleValidator m) {
        this.m = m;
        this.r = m.r;
        this.types = m.types;
        this.returnTypes = NONE_TYPES;
        this.constContext = null;
        this.floats = m.has(Feature.FLOATS);
        this.multiMemory = m.has(Feature.MULTI_MEMORY);
        this.memory64 = m.has(Feature.MEMORY64);
    }

    /** A constant expression producing one value of the expected type. */
    FunctionValidator(ModuleValidator m, int expected, ConstContext context) {
        this.m = m;
        this.r = m.r;
        this.types = m.types;
        this.returnTypes = new int[] {expected};
        this.constContext = context;
        this.floats = m.has(Feature.FLOATS);
        this.multiMemory = m.has(Feature.MULTI_MEMORY);
        this.memory64 = m.has(Feature.MEMORY64);
    }

    // ---------------------------------------------------------------- entry points

    /** Validates the body of a function of type {@code type} at the cursor. */
    void validateBody(FuncType type) {
        returnTypes = type.results();
        locals = type.params();
        sp = 0;
        csp = 0;
        initLogSize = 0;
        int params = locals.length;
        int total = params;
        int groups = r.u32();
        if (groups < 0) {
            throw r.error("too many locals");
        }
        int[] declared = new int[params + 16];
        System.arraycopy(locals, 0, declared, 0, params);
        for (int g = 0; g < groups; g++) {
            int count = r.u32();
            if (count < 0 || (long) total + count > ModuleValidator.MAX_FUNCTION_LOCALS) {
                throw r.error("too many locals");
            }
            int t = m.typeReader.readValType();
            if (total + count > declared.length) {
                declared = Arrays.copyOf(declared, Math.max(total + count, declared.length * 2));
            }
            Arrays.fill(declared, total, total + count, t);
            total += count;
        }
        locals = Arrays.copyOf(declared, total);
        localInit = new boolean[total];
        for (int i = 0; i < total; i++) {
            localInit[i] = i < params || isDefaultable(locals[i]);
        }
        pushCtrl(0x02, NONE_TYPES, returnTypes);
        run();
    }

    void validateConstExpr() {
        pushCtrl(0x02, NONE_TYPES, returnTypes);
        run();
    }

    private void run() {
        while (csp > 0) {
            opAt = r.pos();
            if (r.atEnd()) {
                throw r.error(
                        constContext == null
                                ? "unexpected end of section or function: function body must end with `end`"
                                : "unexpected end of section or function: constant expression must end with `end`");
            }
            int op = r.u8();
            if (constContext != null) {
                ConstantExpressions.instruction(this, op);
            } else {
                instruction(op);
            }
        }
    }

    ModuleError err(String message) {
        return new ModuleError(message, opAt);
    }

    // ---------------------------------------------------------------- operand stack

    void push(int t) {
        if (sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
        }
        stack[sp++] = t;
    }

    private void pushAll(int[] ts) {
        int n = ts.length;
        if (sp + n > stack.length) {
            stack = Arrays.copyOf(stack, Math.max(sp * 2, sp + n));
        }
        System.arraycopy(ts, 0, stack, sp, n);
        sp += n;
    }

    int pop() {
        int f = csp - 1;
        if (sp == ctrlHeight[f]) {
            if (ctrlUnreachable[f]) {
                return UNKNOWN;
            }
            throw err("type mismatch: expected a type but nothing on stack");
        }
        return stack[--sp];
    }

    int pop(int expected) {
        // Fast path: a reachable operand of exactly the expected type (the common case).
        int f = csp - 1;
        if (sp > ctrlHeight[f] && stack[sp - 1] == expected) {
            return stack[--sp];
        }
        int actual = pop();
        if (!types.isSubtype(actual, expected)) {
            throw err("type mismatch: expected " + name(expected) + ", found " + name(actual));
        }
        return actual;
    }

    private void popAll(int[] expected) {
        // Fast path: the top operands are reachable and exactly the expected types.
        int n = expected.length;
        int base = sp - n;
        if (base >= ctrlHeight[csp - 1]) {
            int i = 0;
            while (i < n && stack[base + i] == expected[i]) {
                i++;
            }
            if (i == n) {
                sp = base;
                return;
            }
        }
        for (int i = n - 1; i >= 0; i--) pop(expected[i]);
    }

    /** Pops a reference (or unknown); returns the popped type, a bottom reference for unknown. */
    private int popRef() {
        int actual = pop();
        if (actual == UNKNOWN) {
            return ref(true, BOTTOM_HEAP);
        }
        if (!isRef(actual)) {
            throw err("type mismatch: expected a reference type, found " + name(actual));
        }
        return actual;
    }

    // ---------------------------------------------------------------- control stack

    private void pushCtrl(int opcode, int[] params, int[] results) {
        if (csp == ctrlOpcode.length) {
            int n = csp * 2;
            ctrlOpcode = Arrays.copyOf(ctrlOpcode, n);
            ctrlParams = Arrays.copyOf(ctrlParams, n);
            ctrlResults = Arrays.copyOf(ctrlResults, n);
            ctrlHeight = Arrays.copyOf(ctrlHeight, n);
            ctrlUnreachable = Arrays.copyOf(ctrlUnreachable, n);
            ctrlInitHeight = Arrays.copyOf(ctrlInitHeight, n);
        }
        ctrlOpcode[csp] = opcode;
        ctrlParams[csp] = params;
        ctrlResults[csp] = results;
        ctrlHeight[csp] = sp;
        ctrlUnreachable[csp] = false;
        ctrlInitHeight[csp] = initLogSize;
        csp++;
        pushAll(params);
    }

    /** Pops the innermost frame after checking its results; returns its (now free) slot. */
    private int popCtrl() {
        int f = csp - 1;
        popAll(ctrlResults[f]);
        if (sp != ctrlHeight[f]) {
            throw err("type mismatch: values remaining on stack at end of block");
        }
        // Locals initialized inside the block are uninitialized again after it.
        while (initLogSize > ctrlInitHeight[f]) {
            localInit[initLog[--initLogSize]] = false;
        }
        csp--;
        return f;
    }

    private void markUnreachable() {
        int f = csp - 1;
        sp = ctrlHeight[f];
        ctrlUnreachable[f] = true;
    }

    int label(int depth) {
        if (depth < 0 || depth >= csp) {
            throw err("unknown label: branch depth too large");
        }
        return csp - 1 - depth;
    }

    int[] labelTypes(int frame) {
        return ctrlOpcode[frame] == 0x03 ? ctrlParams[frame] : ctrlResults[frame];
    }

    /** Pops the label's types and pushes them back (br_if, br_on_*). */
    void popPushLabel(int[] types, int count) {
        for (int i = count - 1; i >= 0; i--) pop(types[i]);
        for (int i = 0; i < count; i++) push(types[i]);
    }

    /**
     * Pops {@code n} operands of one type without looping over operands that unreachable code
     * would only fabricate (array.new_fixed takes a u32 count).
     */
    void popMany(int expected, long n) {
        int f = csp - 1;
        long available = sp - ctrlHeight[f];
        if (n > available && !ctrlUnreachable[f]) {
            throw err("type mismatch: expected " + n + " operands but only " + available + " on stack");
        }
        long real = Math.min(n, available);
        for (long i = 0; i < real; i++) pop(expected);
    }

    private FuncType blockType() {
        int at = r.pos();
        int b = r.peek();
        if (b == 0x40) {
            r.u8();
            return EMPTY_BLOCK;
        }
        long v = r.s33();
        if (v >= 0) {
            if (!m.has(Feature.MULTI_VALUE)) {
                throw ModuleCursor.errorAt(
                        "blocks, loops, and ifs may only produce a resulttype when multi-value is not enabled", at);
            }
            return funcTypeAt(v, at);
        }
        // A single value type: re-read it with the value type decoder.
        r.seek(at);
        int t = m.typeReader.readValType();
        if (singleResultBlocks == null) {
            singleResultBlocks = new java.util.HashMap<>();
        }
        return singleResultBlocks.computeIfAbsent(t, k -> new FuncType(NONE_TYPES, new int[] {k}));
    }

    private FuncType funcTypeAt(long index, int at) {
        if (index < 0 || index >= types.size()) {
            throw ModuleCursor.errorAt("unknown type " + index + ": type index out of bounds", at);
        }
        return types.funcType((int) index, at);
    }

    private Composite compositeAt(int index, int at) {
        if (index < 0 || index >= types.size()) {
            throw ModuleCursor.errorAt(
                    "unknown type " + Integer.toUnsignedString(index) + ": type index out of bounds", at);
        }
        return types.type(index).composite();
    }

    StructType structAt(int index, int at) {
        if (compositeAt(index, at) instanceof StructType s) {
            return s;
        }
        throw ModuleCursor.errorAt("expected struct type at index " + index, at);
    }

    ArrayType arrayAt(int index, int at) {
        if (compositeAt(index, at) instanceof ArrayType a) {
            return a;
        }
        throw ModuleCursor.errorAt("expected array type at index " + index, at);
    }

    // ---------------------------------------------------------------- module items

    int readIndex() {
        return r.u32();
    }

    private int local(int idx, int at) {
        if (idx < 0 || idx >= locals.length) {
            throw ModuleCursor.errorAt(
                    "unknown local " + Integer.toUnsignedString(idx) + ": local index out of bounds", at);
        }
        return locals[idx];
    }

    private void initLocal(int idx) {
        if (!localInit[idx]) {
            localInit[idx] = true;
            if (initLogSize == initLog.length) {
                initLog = Arrays.copyOf(initLog, initLogSize * 2);
            }
            initLog[initLogSize++] = idx;
        }
    }

    /** Reads a memarg and returns the memory's address type. */
    int memarg(int maxAlign) {
        int at = r.pos();
        int flags = r.u32();
        return memarg0(at, flags, maxAlign);
    }

    /** The rest of a memarg after its flags word. */
    int memarg0(int at, int flags, int maxAlign) {
        int memIdx = 0;
        if (multiMemory && (flags & 0x40) != 0) {
            flags ^= 0x40;
            memIdx = r.u32();
        }
        int maxFlagBits = multiMemory ? 6 : 5;
        if (flags < 0 || flags >= (1 << maxFlagBits)) {
            throw ModuleCursor.errorAt("malformed memop alignment: alignment too large", at);
        }
        long offset = memory64 ? r.u64() : Integer.toUnsignedLong(r.u32());
        Memory mem = m.memory(memIdx, opAt);
        if (flags > maxAlign) {
            throw err("invalid memop alignment: alignment must not be larger than natural");
        }
        if (!mem.is64() && Long.compareUnsigned(offset, 0xFFFF_FFFFL) > 0) {
            throw err("offset out of range: must be <= 2**32");
        }
        return mem.is64() ? I64 : I32;
    }

    int memoryIndexAddr() {
        int at = r.pos();
        int idx;
        if (multiMemory) {
            idx = r.u32();
        } else {
            idx = r.u8();
            if (idx != 0) {
                throw ModuleCursor.errorAt("zero byte expected", at);
            }
        }
        return m.memory(idx, at).is64() ? I64 : I32;
    }

    void load(int maxAlign, int result) {
        int addr = memarg(maxAlign);
        pop(addr);
        push(result);
    }

    void store(int maxAlign, int value) {
        int addr = memarg(maxAlign);
        pop(value);
        pop(addr);
    }

    void unary(int in, int out) {
        pop(in);
        push(out);
    }

    void binary(int in, int out) {
        pop(in);
        pop(in);
        push(out);
    }

    private void checkReturnCall(FuncType callee) {
        if (callee.results().length != returnTypes.length) {
            throw err("type mismatch: current function requires " + returnTypes.length + " results");
        }
        for (int i = 0; i < returnTypes.length; i++) {
            if (!types.isSubtype(callee.results()[i], returnTypes[i])) {
                throw err("type mismatch: current function requires result type " + name(returnTypes[i]));
            }
        }
    }

    void requireFeature(Feature f, String what) {
        if (!m.has(f)) {
            throw err(what + " support is not enabled");
        }
    }

    // ---------------------------------------------------------------- instructions

    private static boolean isFloatOpcode(int op) {
        return op == 0x2A
                || op == 0x2B
                || op == 0x38
                || op == 0x39
                || op == 0x43
                || op == 0x44
                || (op >= 0x5B && op <= 0x66)
                || (op >= 0x8B && op <= 0xA6)
                || (op >= 0xA8 && op <= 0xAB)
                || (op >= 0xAE && op <= 0xBF);
    }

    void instruction(int op) {
        if (!floats && isFloatOpcode(op)) {
            throw err("floating-point instruction disallowed");
        }
        switch (op) {
            case 0x00 -> markUnreachable();
            case 0x01 -> {}
            case 0x02, 0x03 -> {
                FuncType bt = blockType();
                popAll(bt.params());
                pushCtrl(op, bt.params(), bt.results());
            }
            case 0x04 -> {
                FuncType bt = blockType();
                pop(I32);
                popAll(bt.params());
                pushCtrl(op, bt.params(), bt.results());
            }
            case 0x05 -> {
                int f = csp - 1;
                if (ctrlOpcode[f] != 0x04) {
                    throw err("else found outside of an `if` block");
                }
                int[] params = ctrlParams[f];
                int[] results = ctrlResults[f];
                popCtrl();
                pushCtrl(0x05, params, results);
            }
            case 0x06 -> {
                requireFeature(Feature.LEGACY_EXCEPTIONS, "legacy exceptions");
                FuncType bt = blockType();
                popAll(bt.params());
                pushCtrl(0x06, bt.params(), bt.results());
            }
            case 0x07, 0x19 -> {
                requireFeature(Feature.LEGACY_EXCEPTIONS, "legacy exceptions");
                int f = csp - 1;
                if (ctrlOpcode[f] != 0x06 && ctrlOpcode[f] != 0x07) {
                    throw err(
                            op == 0x07
                                    ? "catch found outside of an `try` block"
                                    : "catch_all found outside of a `try` block");
                }
                int[] params = ctrlParams[f];
                int[] results = ctrlResults[f];
                popCtrl();
                // A catch clause starts empty (the try's params are not re-pushed) plus the tag's values.
                pushCtrl(op, params, results);
                sp = ctrlHeight[csp - 1];
                if (op == 0x07) {
                    int at = r.pos();
                    pushAll(m.tag(readIndex(), at).params());
                }
            }
            case 0x09 -> {
                requireFeature(Feature.LEGACY_EXCEPTIONS, "legacy exceptions");
                int target = label(readIndex());
                if (ctrlOpcode[target] != 0x07 && ctrlOpcode[target] != 0x19) {
                    throw err("invalid rethrow label: target was not a `catch` block");
                }
                markUnreachable();
            }
            case 0x18 -> {
                requireFeature(Feature.LEGACY_EXCEPTIONS, "legacy exceptions");
                int f = csp - 1;
                if (ctrlOpcode[f] != 0x06) {
                    throw err("delegate found outside of an `try` block");
                }
                int depth = readIndex();
                int[] results = ctrlResults[f];
                popCtrl();
                label(depth);
                pushAll(results);
            }
            case 0x08 -> {
                requireFeature(Feature.EXCEPTIONS, "exceptions");
                int at = r.pos();
                FuncType t = m.tag(readIndex(), at);
                popAll(t.params());
                markUnreachable();
            }
            case 0x0A -> {
                requireFeature(Feature.EXCEPTIONS, "exceptions");
                pop(EXNREF);
                markUnreachable();
            }
            case 0x0B -> {
                int f = csp - 1;
                int[] params = ctrlParams[f];
                int[] results = ctrlResults[f];
                if (ctrlOpcode[f] == 0x04 && params != results) {
                    // An `if` without `else` behaves as if the else branch passed params through.
                    popCtrl();
                    pushCtrl(0x05, params, results);
                }
                popCtrl();
                pushAll(results);
                if (csp == 0 && constContext == null && !r.atEnd()) {
                    throw err("operators remaining after end of function");
                }
            }
            case 0x0C -> {
                int depth = readIndex();
                popAll(labelTypes(label(depth)));
                markUnreachable();
            }
            case 0x0D -> {
                int depth = readIndex();
                pop(I32);
                int[] lt = labelTypes(label(depth));
                popPushLabel(lt, lt.length);
            }
            case 0x0E -> brTable();
            case 0x0F -> {
                popAll(returnTypes);
                markUnreachable();
            }
            case 0x10 -> {
                int at = r.pos();
                FuncType t = m.functionType(readIndex(), at);
                popAll(t.params());
                pushAll(t.results());
            }
            case 0x11, 0x13 -> {
                int at = r.pos();
                int typeIdx = readIndex();
                int tAt = r.pos();
                int tableIdx;
                if (m.has(Feature.CALL_INDIRECT_OVERLONG) || m.has(Feature.REFERENCE_TYPES)) {
                    tableIdx = r.u32();
                } else {
                    tableIdx = r.u8();
                    if (tableIdx != 0) {
                        throw ModuleCursor.errorAt("zero byte expected", tAt);
                    }
                }
                if (op == 0x13) {
                    requireFeature(Feature.TAIL_CALL, "tail calls");
                }
                FuncType t = funcTypeAt(Integer.toUnsignedLong(typeIdx), at);
                Table table = m.table(tableIdx, tAt);
                if (!types.isSubtype(table.elemType(), FUNCREF)) {
                    throw err("type mismatch: indirect calls must go through a table with type <= funcref");
                }
                pop(table.is64() ? I64 : I32);
                if (op == 0x13) {
                    checkReturnCall(t);
                    popAll(t.params());
                    markUnreachable();
                } else {
                    popAll(t.params());
                    pushAll(t.results());
                }
            }
            case 0x12 -> {
                requireFeature(Feature.TAIL_CALL, "tail calls");
                int at = r.pos();
                FuncType t = m.functionType(readIndex(), at);
                checkReturnCall(t);
                popAll(t.params());
                markUnreachable();
            }
            case 0x14, 0x15 -> {
                requireFeature(Feature.FUNCTION_REFERENCES, "function references");
                if (op == 0x15) {
                    requireFeature(Feature.TAIL_CALL, "tail calls");
                }
                int at = r.pos();
                int idx = readIndex();
                FuncType t = funcTypeAt(Integer.toUnsignedLong(idx), at);
                pop(ref(true, types.canonical(idx)));
                if (op == 0x15) {
                    checkReturnCall(t);
                    popAll(t.params());
                    markUnreachable();
                } else {
                    popAll(t.params());
                    pushAll(t.results());
                }
            }
            case 0x1A -> pop();
            case 0x1B -> {
                pop(I32);
                int t1 = pop();
                int t2 = pop();
                if (isRef(t1) || isRef(t2)) {
                    throw err("type mismatch: select only takes integral types");
                }
                if (t1 != UNKNOWN && t2 != UNKNOWN && t1 != t2) {
                    throw err("type mismatch: select operands have different types");
                }
                push(t1 == UNKNOWN ? t2 : t1);
            }
            case 0x1C -> {
                int n = r.u32();
                if (n != 1) {
                    throw err("invalid result arity");
                }
                int t = m.typeReader.readValType();
                pop(I32);
                pop(t);
                pop(t);
                push(t);
            }
            case 0x1F -> tryTable();
            case 0x20 -> {
                int at = r.pos();
                int idx = readIndex();
                int t = local(idx, at);
                if (!localInit[idx]) {
                    throw err("uninitialized local: " + idx);
                }
                push(t);
            }
            case 0x21 -> {
                int at = r.pos();
                int idx = readIndex();
                pop(local(idx, at));
                initLocal(idx);
            }
            case 0x22 -> {
                int at = r.pos();
                int idx = readIndex();
                int t = local(idx, at);
                pop(t);
                initLocal(idx);
                push(t);
            }
            case 0x23 -> {
                int at = r.pos();
                push(m.global(readIndex(), at).type());
            }
            case 0x24 -> {
                int at = r.pos();
                Global g = m.global(readIndex(), at);
                if (!g.mutable()) {
                    throw err("global is immutable: cannot modify it with `global.set`");
                }
                pop(g.type());
            }
            case 0x25 -> {
                int at = r.pos();
                Table t = m.table(readIndex(), at);
                pop(t.is64() ? I64 : I32);
                push(t.elemType());
            }
            case 0x26 -> {
                int at = r.pos();
                Table t = m.table(readIndex(), at);
                pop(t.elemType());
                pop(t.is64() ? I64 : I32);
            }
            case 0x28 -> load(2, I32);
            case 0x29 -> load(3, I64);
            case 0x2A -> load(2, F32);
            case 0x2B -> load(3, F64);
            case 0x2C, 0x2D -> load(0, I32);
            case 0x2E, 0x2F -> load(1, I32);
            case 0x30, 0x31 -> load(0, I64);
            case 0x32, 0x33 -> load(1, I64);
            case 0x34, 0x35 -> load(2, I64);
            case 0x36 -> store(2, I32);
            case 0x37 -> store(3, I64);
            case 0x38 -> store(2, F32);
            case 0x39 -> store(3, F64);
            case 0x3A -> store(0, I32);
            case 0x3B -> store(1, I32);
            case 0x3C -> store(0, I64);
            case 0x3D -> store(1, I64);
            case 0x3E -> store(2, I64);
            case 0x3F -> push(memoryIndexAddr());
            case 0x40 -> {
                int addr = memoryIndexAddr();
                pop(addr);
                push(addr);
            }
            case 0x41 -> {
                r.s32();
                push(I32);
            }
            case 0x42 -> {
                r.s64();
                push(I64);
            }
            case 0x43 -> {
                r.skip(4);
                push(F32);
            }
            case 0x44 -> {
                r.skip(8);
                push(F64);
            }
            case 0x45 -> unary(I32, I32);
            case 0x50 -> unary(I64, I32);
            case 0xA7 -> unary(I64, I32);
            case 0xA8, 0xA9 -> unary(F32, I32);
            case 0xAA, 0xAB -> unary(F64, I32);
            case 0xAC, 0xAD -> unary(I32, I64);
            case 0xAE, 0xAF -> unary(F32, I64);
            case 0xB0, 0xB1 -> unary(F64, I64);
            case 0xB2, 0xB3 -> unary(I32, F32);
            case 0xB4, 0xB5 -> unary(I64, F32);
            case 0xB6 -> unary(F64, F32);
            case 0xB7, 0xB8 -> unary(I32, F64);
            case 0xB9, 0xBA -> unary(I64, F64);
            case 0xBB -> unary(F32, F64);
            case 0xBC -> unary(F32, I32);
            case 0xBD -> unary(F64, I64);
            case 0xBE -> unary(I32, F32);
            case 0xBF -> unary(I64, F64);
            case 0xC0, 0xC1 -> {
                requireFeature(Feature.SIGN_EXTENSION, "sign extension operations");
                unary(I32, I32);
            }
            case 0xC2, 0xC3, 0xC4 -> {
                requireFeature(Feature.SIGN_EXTENSION, "sign extension operations");
                unary(I64, I64);
            }
            case 0xD0 -> {
                requireFeature(Feature.REFERENCE_TYPES, "reference types");
                push(ref(true, m.typeReader.readHeapType()));
            }
            case 0xD1 -> {
                requireFeature(Feature.REFERENCE_TYPES, "reference types");
                popRef();
                push(I32);
            }
            case 0xD2 -> {
                requireFeature(Feature.REFERENCE_TYPES, "reference types");
                int at = r.pos();
                int f = readIndex();
                m.functionType(f, at);
                if (!m.declaredFuncRefs.get(f)) {
                    throw err("undeclared function reference");
                }
                push(ref(false, types.canonical(m.functions.get(f))));
            }
            case 0xD3 -> {
                requireFeature(Feature.GC, "gc");
                pop(ref(true, EQ));
                pop(ref(true, EQ));
                push(I32);
            }
            case 0xD4 -> {
                requireFeature(Feature.FUNCTION_REFERENCES, "function references");
                int t = popRef();
                push(t & ~NULLABLE);
            }
            case 0xD5 -> {
                requireFeature(Feature.FUNCTION_REFERENCES, "function references");
                int depth = readIndex();
                int t = popRef();
                int[] lt = labelTypes(label(depth));
                popPushLabel(lt, lt.length);
                push(t & ~NULLABLE);
            }
            case 0xD6 -> {
                requireFeature(Feature.FUNCTION_REFERENCES, "function references");
                int depth = readIndex();
                int[] lt = labelTypes(label(depth));
                if (lt.length == 0) {
                    throw err("type mismatch: br_on_non_null target has no label types");
                }
                int last = lt[lt.length - 1];
                if (!isRef(last)) {
                    throw err("type mismatch: br_on_non_null target does not end with heap type");
                }
                pop(last | NULLABLE);
                popPushLabel(lt, lt.length - 1);
            }
            case 0xFB -> gc().instruction();
            case 0xFE -> {
                requireFeature(Feature.THREADS, "threads");
                atomics().instruction();
            }
            case 0xFC -> misc().instruction();
            case 0xFD -> {
                requireFeature(Feature.SIMD, "SIMD");
                simd().instruction();
            }
            default -> {
                if (op >= 0x46 && op <= 0x4F) binary(I32, I32);
                else if (op >= 0x51 && op <= 0x5A) binary(I64, I32);
                else if (op >= 0x5B && op <= 0x60) binary(F32, I32);
                else if (op >= 0x61 && op <= 0x66) binary(F64, I32);
                else if (op >= 0x67 && op <= 0x69) unary(I32, I32);
                else if (op >= 0x6A && op <= 0x78) binary(I32, I32);
                else if (op >= 0x79 && op <= 0x7B) unary(I64, I64);
                else if (op >= 0x7C && op <= 0x8A) binary(I64, I64);
                else if (op >= 0x8B && op <= 0x91) unary(F32, F32);
                else if (op >= 0x92 && op <= 0x98) binary(F32, F32);
                else if (op >= 0x99 && op <= 0x9F) unary(F64, F64);
                else if (op >= 0xA0 && op <= 0xA6) binary(F64, F64);
                else throw err("illegal opcode: 0x" + Integer.toHexString(op));
            }
        }
    }

    private void brTable() {
        int n = r.u32();
        if (n < 0 || n > ModuleValidator.MAX_BR_TABLE_SIZE || n > r.limit() - r.pos()) {
            throw err("br_table size is out of bounds");
        }
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) targets[i] = readIndex();
        int def = readIndex();
        pop(I32);
        int[] defTypes = labelTypes(label(def));
        int arity = defTypes.length;
        // Checking one label type list once is enough; many targets share a label or a type.
        java.util.IdentityHashMap<int[], Boolean> checked = new java.util.IdentityHashMap<>();
        int[] popped = new int[arity];
        for (int t : targets) {
            int[] lt = labelTypes(label(t));
            if (lt.length != arity) {
                throw err("type mismatch: br_table target labels have different number of types");
            }
            if (checked.put(lt, Boolean.TRUE) != null) {
                continue;
            }
            // Each target must accept the operands; check without consuming.
            for (int i = arity - 1; i >= 0; i--) popped[i] = pop(lt[i]);
            for (int i = 0; i < arity; i++) push(popped[i]);
        }
        popAll(defTypes);
        markUnreachable();
    }

    private void tryTable() {
        requireFeature(Feature.EXCEPTIONS, "exceptions");
        FuncType bt = blockType();
        popAll(bt.params());
        int n = r.u32();
        if (n < 0 || n > ModuleValidator.MAX_CATCHES) {
            throw err("catch count is out of bounds");
        }
        for (int i = 0; i < n; i++) {
            int kAt = r.pos();
            int kind = r.u8();
            int[] provided;
            switch (kind) {
                case 0x00, 0x01 -> {
                    int at = r.pos();
                    FuncType t = m.tag(readIndex(), at);
                    provided = kind == 0 ? t.params() : append(t.params(), ref(false, EXN));
                }
                case 0x02 -> provided = NONE_TYPES;
                case 0x03 -> provided = new int[] {ref(false, EXN)};
                default -> throw ModuleCursor.errorAt("invalid catch kind", kAt);
            }
            int depth = readIndex();
            int[] lt = labelTypes(label(depth));
            if (lt.length != provided.length) {
                throw err("type mismatch: catch label must have same number of types as tag");
            }
            for (int j = 0; j < lt.length; j++) {
                if (!types.isSubtype(provided[j], lt[j])) {
                    throw err("type mismatch: catch label types do not match the tag");
                }
            }
        }
        pushCtrl(0x1F, bt.params(), bt.results());
    }

    private static int[] append(int[] ts, int t) {
        int[] out = Arrays.copyOf(ts, ts.length + 1);
        out[ts.length] = t;
        return out;
    }

    private GcInstructions gc() {
        if (gc == null) {
            gc = new GcInstructions(this);
        }
        return gc;
    }

    private MiscInstructions misc() {
        if (misc == null) {
            misc = new MiscInstructions(this);
        }
        return misc;
    }

    private AtomicInstructions atomics() {
        if (atomics == null) {
            atomics = new AtomicInstructions(this);
        }
        return atomics;
    }

    private SimdInstructions simd() {
        if (simd == null) {
            simd = new SimdInstructions(this);
        }
        return simd;
    }
}
