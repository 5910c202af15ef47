package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

import dev.wreg.validator.core.TypeStore.ArrayType;
import dev.wreg.validator.core.TypeStore.Composite;
import dev.wreg.validator.core.TypeStore.FuncType;
import dev.wreg.validator.core.TypeStore.StructType;
import dev.wreg.validator.core.TypeStore.SubType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes a core module section by section and validates each item as it is read, the way the
 * spec's validation rules (and wasmparser) order them: a later section sees exactly what the
 * earlier ones declared.
 */
final class ModuleValidator {
    // wasmparser's implementation limits, so that huge counts are refused before allocating.
    static final int MAX_TYPES = 1_000_000;
    static final int MAX_FUNCTIONS = 1_000_000;
    static final int MAX_IMPORTS = 1_000_000;
    static final int MAX_EXPORTS = 1_000_000;
    static final int MAX_GLOBALS = 1_000_000;
    static final int MAX_ELEMENT_SEGMENTS = 100_000;
    static final int MAX_DATA_SEGMENTS = 100_000;
    static final int MAX_TABLES = 100;
    static final int MAX_MEMORIES = 100;
    static final int MAX_TAGS = 1_000_000;
    static final int MAX_STRUCT_FIELDS = 10_000;
    static final int MAX_FUNCTION_PARAMS = 1000;
    static final int MAX_FUNCTION_RETURNS = 1000;
    static final int MAX_FUNCTION_LOCALS = 50_000;
    static final int MAX_FUNCTION_SIZE = 7_654_321;
    static final int MAX_BR_TABLE_SIZE = MAX_FUNCTION_SIZE;
    static final int MAX_CATCHES = 10_000;

    record Table(int elemType, boolean is64) {}

    record Memory(boolean is64, boolean shared) {}

    record Global(int type, boolean mutable) {}

    final Features features;
    final ModuleCursor r;
    final TypeStore types;
    final List<Integer> functions; // type index per function
    final List<Table> tables;
    final List<Memory> memories;
    final List<Global> globals;
    final List<Integer> tags; // type index per tag
    final List<Integer> elemTypes;
    final BitSet declaredFuncRefs;
    int importedFunctions;
    int importedGlobals;
    int dataCount = -1; // -1: no data count section
    private int declaredFunctionCount = -1;
    private int codeCount = -1;
    private int dataSegmentsSeen = -1;
    private final boolean parallelBodies;
    /** Bodies being validated in parallel, once the code section is read; null before or if none. */
    private FunctionBodies pendingBodies;

    ModuleValidator(byte[] bytes, Features features) {
        this(new ModuleCursor(bytes), features, true);
    }

    /**
     * Validates the module {@code cursor} covers; with {@code parallelBodies} false, every body in
     * order on the calling thread.
     */
    ModuleValidator(ModuleCursor cursor, Features features, boolean parallelBodies) {
        this.features = features;
        this.r = cursor;
        this.types = new TypeStore();
        this.functions = new ArrayList<>();
        this.tables = new ArrayList<>();
        this.memories = new ArrayList<>();
        this.globals = new ArrayList<>();
        this.tags = new ArrayList<>();
        this.elemTypes = new ArrayList<>();
        this.declaredFuncRefs = new BitSet();
        this.parallelBodies = parallelBodies;
    }

    /**
     * The module as its function bodies see it, for validating some of them on another thread: the
     * same (from now on unchanging) definitions, a cursor of its own, and the declared function
     * references as they were when the code section was reached.
     */
    private ModuleValidator(ModuleValidator module, BitSet declaredFuncRefs) {
        this.features = module.features;
        this.r = new ModuleCursor(module.r.bytes());
        this.types = module.types;
        this.functions = module.functions;
        this.tables = module.tables;
        this.memories = module.memories;
        this.globals = module.globals;
        this.tags = module.tags;
        this.elemTypes = module.elemTypes;
        this.declaredFuncRefs = declaredFuncRefs;
        this.importedFunctions = module.importedFunctions;
        this.importedGlobals = module.importedGlobals;
        this.dataCount = module.dataCount;
        this.parallelBodies = false;
    }

    ModuleValidator bodyView(BitSet declaredFuncRefs) {
        return new ModuleValidator(this, declaredFuncRefs);
    }

    boolean has(Feature f) {
        return features.has(f);
    }

    void require(Feature f, String what) {
        if (!features.has(f)) {
            throw r.error(what + " requires the " + f.flagName() + " feature");
        }
    }

    // ---------------------------------------------------------------- module

    void validate() {
        try {
            validateSections();
        } catch (RuntimeException | Error e) {
            // A body validated in parallel comes before anything found after the code section.
            finishBodies();
            throw e;
        }
        finishBodies();
    }

    private void finishBodies() {
        if (pendingBodies != null) {
            FunctionBodies bodies = pendingBodies;
            pendingBodies = null;
            bodies.finish();
        }
    }

    private void validateSections() {
        readHeader();
        int lastOrder = 0;
        while (!r.atEnd()) {
            int sectionStart = r.pos();
            int id = r.u8();
            int size = r.count();
            int end = r.pos() + size;
            if (size > r.limit() - r.pos()) {
                throw r.error("section size mismatch: unexpected end of section or function");
            }
            if (id != 0) {
                int order = order(id, sectionStart);
                if (order <= lastOrder) {
                    throw ModuleCursor.errorAt("section out of order or duplicate section", sectionStart);
                }
                lastOrder = order;
            }
            int old = r.narrow(end);
            switch (id) {
                case 0 -> customSection(end);
                case 1 -> typeSection();
                case 2 -> importSection();
                case 3 -> functionSection();
                case 4 -> tableSection();
                case 5 -> memorySection();
                case 6 -> globalSection();
                case 7 -> exportSection();
                case 8 -> startSection();
                case 9 -> elementSection();
                case 10 -> codeSection();
                case 11 -> dataSection();
                case 12 -> dataCountSection();
                case 13 -> tagSection();
                default -> throw ModuleCursor.errorAt("malformed section id: " + id, sectionStart);
            }
            if (r.pos() != end) {
                throw r.error("section size mismatch: unexpected content after last entry");
            }
            r.restoreLimit(old);
        }
        int declared = Math.max(declaredFunctionCount, 0);
        int code = Math.max(codeCount, 0);
        if (declared != code) {
            throw r.error("function and code section have inconsistent lengths");
        }
        if (dataCount >= 0 && dataSegmentsSeen < 0 && dataCount != 0) {
            throw r.error("data count and data section have inconsistent lengths");
        }
    }

    private void readHeader() {
        int start = r.start();
        int length = r.limit() - start;
        if (length < 4 || r.u8() != 0x00 || r.u8() != 0x61 || r.u8() != 0x73 || r.u8() != 0x6D) {
            throw ModuleCursor.errorAt("magic header not detected", start);
        }
        if (length < 8) {
            throw r.error("unexpected end: missing version");
        }
        int v0 = r.u8(), v1 = r.u8(), v2 = r.u8(), v3 = r.u8();
        if (v0 != 1 || v1 != 0 || v2 != 0 || v3 != 0) {
            throw ModuleCursor.errorAt(
                    v2 == 1 && v3 == 0 ? "component binaries are not core modules" : "unknown binary version",
                    start + 4);
        }
    }

    private static int order(int id, int at) {
        return switch (id) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 4 -> 4;
            case 5 -> 5;
            case 13 -> 6;
            case 6 -> 7;
            case 7 -> 8;
            case 8 -> 9;
            case 9 -> 10;
            case 12 -> 11;
            case 10 -> 12;
            case 11 -> 13;
            default -> throw ModuleCursor.errorAt("malformed section id: " + id, at);
        };
    }

    private void customSection(int end) {
        r.name();
        if (r.pos() > end) {
            throw r.eof();
        }
        r.skip(end - r.pos());
    }

    private int vecCount(int max, String what) {
        int start = r.pos();
        int n = r.u32();
        if (n < 0 || n > max) {
            throw ModuleCursor.errorAt(what + " count is out of bounds", start);
        }
        return n;
    }

    // ---------------------------------------------------------------- types

    private void typeSection() {
        int n = vecCount(MAX_TYPES, "type");
        for (int i = 0; i < n; i++) {
            long at = r.pos();
            List<SubType> group = new ArrayList<>();
            if (r.peek() == 0x4E) {
                r.u8();
                if (!has(Feature.GC)) {
                    throw r.error("rec group usage requires `gc` proposal to be enabled");
                }
                int m = vecCount(MAX_TYPES, "rec group type");
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
                int np = vecCount(MAX_FUNCTION_PARAMS, "function params");
                int[] params = new int[np];
                for (int i = 0; i < np; i++) params[i] = readValType(typeLimit, false);
                int nr = vecCount(MAX_FUNCTION_RETURNS, "function returns");
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
                int nf = vecCount(MAX_STRUCT_FIELDS, "struct fields");
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
    private int decodeValType(int typeLimit, boolean canonicalize) {
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

    // ---------------------------------------------------------------- imports and definitions

    /** What one import brings in; compact import groups share one description among names. */
    private sealed interface ImportDesc {}

    private record FuncImport(int typeIndex) implements ImportDesc {}

    private record TableImport(Table table) implements ImportDesc {}

    private record MemoryImport(Memory memory) implements ImportDesc {}

    private record GlobalImport(Global global) implements ImportDesc {}

    private record TagImport(int typeIndex) implements ImportDesc {}

    private void importSection() {
        int n = vecCount(MAX_IMPORTS, "imports");
        for (int i = 0; i < n; i++) {
            r.name();
            String name = r.name();
            int at = r.pos();
            int lead = r.peek();
            if (name.isEmpty() && (lead == 0x7F || lead == 0x7E)) {
                // The compact import section encoding: many names under one module name.
                if (!has(Feature.COMPACT_IMPORTS)) {
                    throw ModuleCursor.errorAt(
                            "invalid leading byte 0x" + Integer.toHexString(lead)
                                    + " with compact imports proposal disabled",
                            at);
                }
                r.u8();
                if (lead == 0x7F) {
                    int k = vecCount(MAX_IMPORTS, "imports");
                    for (int j = 0; j < k; j++) {
                        r.name();
                        addImport(readImportDesc());
                    }
                } else {
                    ImportDesc shared = readImportDesc();
                    int k = vecCount(MAX_IMPORTS, "imports");
                    for (int j = 0; j < k; j++) {
                        r.name();
                        addImport(shared);
                    }
                }
            } else {
                addImport(readImportDesc());
            }
        }
    }

    private ImportDesc readImportDesc() {
        int at = r.pos();
        int kind = r.u8();
        return switch (kind) {
            case 0x00 -> {
                int t = r.u32();
                types.funcType(t, at);
                yield new FuncImport(t);
            }
            case 0x01 -> new TableImport(readTableType());
            case 0x02 -> new MemoryImport(readMemoryType());
            case 0x03 -> {
                Global g = readGlobalType();
                if (g.mutable() && !has(Feature.MUTABLE_GLOBAL)) {
                    throw ModuleCursor.errorAt("mutable global support is not enabled", at);
                }
                yield new GlobalImport(g);
            }
            case 0x04 -> new TagImport(readTagType());
            default -> throw ModuleCursor.errorAt("malformed import kind", at);
        };
    }

    private void addImport(ImportDesc desc) {
        switch (desc) {
            case FuncImport f -> {
                addFunction(f.typeIndex());
                importedFunctions++;
            }
            case TableImport t -> addTable(t.table());
            case MemoryImport m -> addMemory(m.memory());
            case GlobalImport g -> {
                addGlobal(g.global());
                importedGlobals++;
            }
            case TagImport t -> addTag(t.typeIndex());
        }
    }

    private void addFunction(int typeIndex) {
        if (functions.size() >= MAX_FUNCTIONS) {
            throw r.error("functions count is out of bounds");
        }
        functions.add(typeIndex);
    }

    private void addTable(Table t) {
        if (tables.size() >= (has(Feature.REFERENCE_TYPES) ? MAX_TABLES : 1)) {
            throw r.error(has(Feature.REFERENCE_TYPES) ? "tables count is out of bounds" : "multiple tables");
        }
        tables.add(t);
    }

    private void addMemory(Memory m) {
        if (memories.size() >= (has(Feature.MULTI_MEMORY) ? MAX_MEMORIES : 1)) {
            throw r.error(has(Feature.MULTI_MEMORY) ? "memories count is out of bounds" : "multiple memories");
        }
        memories.add(m);
    }

    private void addGlobal(Global g) {
        if (globals.size() >= MAX_GLOBALS) {
            throw r.error("globals count is out of bounds");
        }
        globals.add(g);
    }

    private void addTag(int typeIndex) {
        if (tags.size() >= MAX_TAGS) {
            throw r.error("tags count is out of bounds");
        }
        tags.add(typeIndex);
    }

    private Table readTableType() {
        int elemAt = r.pos();
        int elem = decodeValType(types.size(), true);
        if (!isRef(elem)) {
            throw ModuleCursor.errorAt("malformed reference type", elemAt);
        }
        // funcref tables exist since the MVP; every other element type goes through the checks.
        if (elem != FUNCREF) {
            checkValTypeFeatures(elem, elemAt);
        }
        int at = r.pos();
        int flags = r.u8();
        if ((flags & ~0b111) != 0) {
            throw ModuleCursor.errorAt("invalid table resizable limits flags", at);
        }
        boolean hasMax = (flags & 1) != 0;
        boolean shared = (flags & 2) != 0;
        boolean is64 = (flags & 4) != 0;
        long min = has(Feature.MEMORY64) ? r.u64() : Integer.toUnsignedLong(r.u32());
        long max = hasMax ? (has(Feature.MEMORY64) ? r.u64() : Integer.toUnsignedLong(r.u32())) : -1;
        if (hasMax && Long.compareUnsigned(min, max) > 0) {
            throw ModuleCursor.errorAt("size minimum must not be greater than maximum", at);
        }
        if (is64 && !has(Feature.MEMORY64)) {
            throw ModuleCursor.errorAt("memory64 must be enabled for 64-bit tables", at);
        }
        if (shared) {
            if (!has(Feature.SHARED_EVERYTHING_THREADS)) {
                throw ModuleCursor.errorAt("shared tables require the shared-everything-threads proposal", at);
            }
            if (!isSharedAbstract(heap(elem))) {
                throw ModuleCursor.errorAt("shared tables must have a shared element type", elemAt);
            }
        }
        if (!is64) {
            if (Long.compareUnsigned(min, 0xFFFF_FFFFL) > 0
                    || (hasMax && Long.compareUnsigned(max, 0xFFFF_FFFFL) > 0)) {
                throw ModuleCursor.errorAt("table size must be at most 0xffffffff entries", at);
            }
        }
        return new Table(elem, is64);
    }

    private Memory readMemoryType() {
        int at = r.pos();
        int flags = r.u8();
        if ((flags & ~0b1111) != 0) {
            throw ModuleCursor.errorAt("invalid memory limits flags", at);
        }
        boolean is64 = (flags & 4) != 0;
        boolean shared = (flags & 2) != 0;
        boolean hasMax = (flags & 1) != 0;
        boolean hasPageSize = (flags & 8) != 0;
        long min = has(Feature.MEMORY64) ? r.u64() : Integer.toUnsignedLong(r.u32());
        long max = hasMax ? (has(Feature.MEMORY64) ? r.u64() : Integer.toUnsignedLong(r.u32())) : -1;
        int pageSizeLog2 = 16;
        if (hasPageSize) {
            int p = r.u32();
            if (p < 0 || p >= 64) {
                throw ModuleCursor.errorAt("invalid custom page size", at);
            }
            if (!has(Feature.CUSTOM_PAGE_SIZES)) {
                throw ModuleCursor.errorAt(
                        "the custom page sizes proposal must be enabled to customize a memory's page size", at);
            }
            if (p != 0 && p != 16) {
                throw ModuleCursor.errorAt("invalid custom page size", at);
            }
            pageSizeLog2 = p;
        }
        if (hasMax && Long.compareUnsigned(min, max) > 0) {
            throw ModuleCursor.errorAt("size minimum must not be greater than maximum", at);
        }
        if (is64 && !has(Feature.MEMORY64)) {
            throw ModuleCursor.errorAt("memory64 must be enabled for 64-bit memories", at);
        }
        if (shared && !has(Feature.THREADS)) {
            throw ModuleCursor.errorAt("threads must be enabled for shared memories", at);
        }
        long trueMax = is64
                ? (pageSizeLog2 == 0 ? -1L : 1L << (64 - pageSizeLog2))
                : (pageSizeLog2 == 0 ? 0xFFFF_FFFFL : 1L << (32 - pageSizeLog2));
        if (Long.compareUnsigned(min, trueMax) > 0 || (hasMax && Long.compareUnsigned(max, trueMax) > 0)) {
            throw ModuleCursor.errorAt("memory size must be at most " + trueMax + " pages", at);
        }
        if (shared && !hasMax) {
            throw ModuleCursor.errorAt("shared memory must have maximum size", at);
        }
        return new Memory(is64, shared);
    }

    private Global readGlobalType() {
        int t = readValType();
        int at = r.pos();
        int flags = r.u8();
        if (flags > 1) {
            if (flags == 2 || flags == 3) {
                if (!has(Feature.SHARED_EVERYTHING_THREADS)) {
                    throw ModuleCursor.errorAt("shared globals require the shared-everything-threads proposal", at);
                }
                if (isRef(t) && !isSharedAbstract(heap(t))) {
                    throw ModuleCursor.errorAt("shared globals must have a shared value type", at);
                }
                return new Global(t, flags == 3);
            }
            throw ModuleCursor.errorAt("malformed mutability", at);
        }
        return new Global(t, flags == 1);
    }

    private int readTagType() {
        int at = r.pos();
        if (!has(Feature.EXCEPTIONS)) {
            throw r.error("exceptions proposal not enabled");
        }
        int attr = r.u8();
        if (attr != 0) {
            throw ModuleCursor.errorAt("invalid tag attributes", at);
        }
        int tAt = r.pos();
        int t = r.u32();
        FuncType f = types.funcType(t, tAt);
        if (f.results().length != 0) {
            throw ModuleCursor.errorAt("invalid exception type: non-empty tag result type", tAt);
        }
        return t;
    }

    private void functionSection() {
        int n = vecCount(MAX_FUNCTIONS, "functions");
        declaredFunctionCount = n;
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            int t = r.u32();
            types.funcType(t, at);
            addFunction(t);
        }
    }

    private void tableSection() {
        int n = vecCount(MAX_TABLES, "tables");
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            boolean hasInit = false;
            if (r.peek() == 0x40) {
                r.u8();
                if (r.u8() != 0x00) {
                    throw ModuleCursor.errorAt("invalid table encoding", r.pos() - 1);
                }
                hasInit = true;
            }
            Table t = readTableType();
            if (hasInit) {
                if (!has(Feature.FUNCTION_REFERENCES)) {
                    throw ModuleCursor.errorAt(
                            "tables with expression initializers require the function-references proposal", at);
                }
                constExpr(t.elemType(), ConstContext.TABLE);
            } else if (!isNullable(t.elemType())) {
                throw ModuleCursor.errorAt("type mismatch: non-defaultable element type", at);
            }
            addTable(t);
        }
    }

    private void memorySection() {
        int n = vecCount(MAX_MEMORIES, "memories");
        for (int i = 0; i < n; i++) {
            addMemory(readMemoryType());
        }
    }

    private void tagSection() {
        if (!has(Feature.EXCEPTIONS)) {
            throw r.error("exceptions proposal not enabled");
        }
        int n = vecCount(MAX_TAGS, "tags");
        for (int i = 0; i < n; i++) {
            addTag(readTagType());
        }
    }

    private void globalSection() {
        int n = vecCount(MAX_GLOBALS, "globals");
        for (int i = 0; i < n; i++) {
            Global g = readGlobalType();
            constExpr(g.type(), ConstContext.GLOBAL);
            addGlobal(g);
        }
    }

    private void exportSection() {
        int n = vecCount(MAX_EXPORTS, "exports");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            String name = r.name();
            if (!names.add(name)) {
                throw ModuleCursor.errorAt("duplicate export name `" + name + "` already defined", at);
            }
            int kindAt = r.pos();
            int kind = r.u8();
            int idxAt = r.pos();
            int idx = r.u32();
            String what;
            int limit;
            switch (kind) {
                case 0 -> {
                    what = "function";
                    limit = functions.size();
                }
                case 1 -> {
                    what = "table";
                    limit = tables.size();
                }
                case 2 -> {
                    what = "memory";
                    limit = memories.size();
                }
                case 3 -> {
                    what = "global";
                    limit = globals.size();
                }
                case 4 -> {
                    what = "tag";
                    limit = tags.size();
                    if (!has(Feature.EXCEPTIONS)) {
                        throw ModuleCursor.errorAt("exceptions proposal not enabled", kindAt);
                    }
                }
                default -> throw ModuleCursor.errorAt("malformed export kind", kindAt);
            }
            if (idx < 0 || idx >= limit) {
                throw ModuleCursor.errorAt(
                        "unknown " + what + " " + Integer.toUnsignedString(idx) + ": exported " + what
                                + " index out of bounds",
                        idxAt);
            }
            if (kind == 0) {
                declaredFuncRefs.set(idx);
            }
            if (kind == 3 && globals.get(idx).mutable() && !has(Feature.MUTABLE_GLOBAL)) {
                throw ModuleCursor.errorAt("mutable global support is not enabled", idxAt);
            }
        }
    }

    private void startSection() {
        int at = r.pos();
        int f = r.u32();
        if (f < 0 || f >= functions.size()) {
            throw ModuleCursor.errorAt("unknown function " + Integer.toUnsignedString(f), at);
        }
        FuncType t = types.funcType(functions.get(f), at);
        if (t.params().length != 0 || t.results().length != 0) {
            throw ModuleCursor.errorAt("invalid start function type", at);
        }
    }

    private void elementSection() {
        int n = vecCount(MAX_ELEMENT_SEGMENTS, "element segments");
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            int flags = r.u32();
            if (flags < 0 || flags > 7) {
                throw ModuleCursor.errorAt("invalid flags byte in element segment", at);
            }
            boolean passiveOrDeclarative = (flags & 1) != 0;
            boolean explicitTableOrDeclarative = (flags & 2) != 0;
            boolean usesExprs = (flags & 4) != 0;
            boolean active = !passiveOrDeclarative;
            if (!active && !has(Feature.BULK_MEMORY)) {
                throw ModuleCursor.errorAt("bulk memory must be enabled", at);
            }
            int tableIndex = 0;
            if (active) {
                if (explicitTableOrDeclarative) {
                    int tAt = r.pos();
                    tableIndex = r.u32();
                    if (tableIndex < 0 || tableIndex >= tables.size()) {
                        throw ModuleCursor.errorAt("unknown table " + Integer.toUnsignedString(tableIndex), tAt);
                    }
                } else if (tables.isEmpty()) {
                    throw ModuleCursor.errorAt("unknown table 0", r.pos());
                }
                constExpr(tables.get(tableIndex).is64() ? I64 : I32, ConstContext.OFFSET);
            }
            int elemType;
            boolean hasTypeByte = passiveOrDeclarative || explicitTableOrDeclarative;
            if (usesExprs) {
                elemType = hasTypeByte ? readRefType() : FUNCREF;
            } else {
                if (hasTypeByte) {
                    int kAt = r.pos();
                    if (r.u8() != 0x00) {
                        throw ModuleCursor.errorAt("malformed element kind", kAt);
                    }
                }
                // Wasm 3.0: a segment of function indices has type (ref func).
                elemType = ref(false, FUNC);
            }
            int count = vecCount(MAX_FUNCTIONS, "element items");
            for (int j = 0; j < count; j++) {
                if (usesExprs) {
                    constExpr(elemType, ConstContext.ELEMENT);
                } else {
                    int fAt = r.pos();
                    int f = r.u32();
                    if (f < 0 || f >= functions.size()) {
                        throw ModuleCursor.errorAt("unknown function " + Integer.toUnsignedString(f), fAt);
                    }
                    declaredFuncRefs.set(f);
                }
            }
            if (active && !types.isSubtype(elemType, tables.get(tableIndex).elemType())) {
                throw ModuleCursor.errorAt("type mismatch: element segment type does not match table type", at);
            }
            elemTypes.add(elemType);
        }
    }

    private void dataCountSection() {
        int at = r.pos();
        int n = r.u32();
        if (n < 0 || n > MAX_DATA_SEGMENTS) {
            throw ModuleCursor.errorAt("data count section specifies too many data segments", at);
        }
        dataCount = n;
    }

    private void codeSection() {
        int at = r.pos();
        int n = r.u32();
        if (n < 0 || n != Math.max(declaredFunctionCount, 0)) {
            throw ModuleCursor.errorAt("function and code section have inconsistent lengths", at);
        }
        codeCount = n;
        if (parallelBodies && r.limit() - r.pos() >= FunctionBodies.PARALLEL_THRESHOLD_BYTES) {
            parallelCodeSection(n);
            return;
        }
        FunctionValidator validator = new FunctionValidator(this);
        for (int i = 0; i < n; i++) {
            int sizeAt = r.pos();
            int end = bodyEnd(sizeAt);
            int old = r.narrow(end);
            FuncType type = types.funcType(functions.get(importedFunctions + i), sizeAt);
            validator.validateBody(type);
            if (r.pos() != end) {
                throw r.error("section size mismatch: function body has content after its end");
            }
            r.restoreLimit(old);
        }
    }

    /** Reads a body's size; returns where the body ends. */
    private int bodyEnd(int sizeAt) {
        int size = r.count();
        if (size > r.limit() - r.pos()) {
            throw ModuleCursor.errorAt(
                    "unexpected end of section or function: function body extends past the section", sizeAt);
        }
        if (size > MAX_FUNCTION_SIZE) {
            throw ModuleCursor.errorAt("function body too large", sizeAt);
        }
        return r.pos() + size;
    }

    /**
     * Reads the bodies' framing in order and hands the bodies to {@link FunctionBodies}, which
     * validates them while the sections after this one are read. Whatever is wrong in the framing
     * is reported after the bodies before it, as in order.
     */
    private void parallelCodeSection(int n) {
        List<FunctionBodies.Body> bodies = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                int sizeAt = r.pos();
                int end = bodyEnd(sizeAt);
                FuncType type = types.funcType(functions.get(importedFunctions + i), sizeAt);
                bodies.add(new FunctionBodies.Body(type, r.pos(), end));
                r.skip(end - r.pos());
            }
        } finally {
            pendingBodies = FunctionBodies.start(this, bodies);
        }
    }

    private void dataSection() {
        int at = r.pos();
        int n = r.u32();
        if (n < 0 || n > MAX_DATA_SEGMENTS) {
            throw ModuleCursor.errorAt("data segments count is out of bounds", at);
        }
        if (dataCount >= 0 && n != dataCount) {
            throw ModuleCursor.errorAt("data count and data section have inconsistent lengths", at);
        }
        dataSegmentsSeen = n;
        for (int i = 0; i < n; i++) {
            int fAt = r.pos();
            int flags = r.u32();
            switch (flags) {
                case 0 -> dataOffset(0, fAt);
                case 1 -> {
                    if (!has(Feature.BULK_MEMORY)) {
                        throw ModuleCursor.errorAt("passive data segments require the bulk-memory proposal", fAt);
                    }
                }
                case 2 -> {
                    int mAt = r.pos();
                    dataOffset(r.u32(), mAt);
                }
                default -> throw ModuleCursor.errorAt("invalid flags byte in data segment", fAt);
            }
            int len = r.count();
            r.skip(len);
        }
    }

    private void dataOffset(int memory, int at) {
        if (memory < 0 || memory >= memories.size()) {
            throw ModuleCursor.errorAt("unknown memory " + Integer.toUnsignedString(memory), at);
        }
        constExpr(memories.get(memory).is64() ? I64 : I32, ConstContext.OFFSET);
    }

    enum ConstContext {
        GLOBAL,
        TABLE,
        ELEMENT,
        OFFSET
    }

    private void constExpr(int expected, ConstContext context) {
        new FunctionValidator(this, expected, context).validateConstExpr();
    }
}
