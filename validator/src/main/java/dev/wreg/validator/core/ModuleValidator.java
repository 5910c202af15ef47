package dev.wreg.validator.core;

import static dev.wreg.validator.core.ValTypes.*;

import dev.wreg.validator.core.TypeStore.FuncType;
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
    /** Reads the type section and the value, reference and heap types of the other sections. */
    final TypeReader typeReader;

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
        this.typeReader = new TypeReader(cursor, features, types);
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
        this.typeReader = new TypeReader(r, features, types);
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

    // ---------------------------------------------------------------- index spaces, as instructions use them

    FuncType functionType(int f, int at) {
        if (f < 0 || f >= functions.size()) {
            throw ModuleCursor.errorAt(
                    "unknown function " + Integer.toUnsignedString(f) + ": function index out of bounds", at);
        }
        return types.funcType(functions.get(f), at);
    }

    Table table(int t, int at) {
        if (t < 0 || t >= tables.size()) {
            throw ModuleCursor.errorAt(
                    "unknown table " + Integer.toUnsignedString(t) + ": table index out of bounds", at);
        }
        return tables.get(t);
    }

    Memory memory(int idx, int at) {
        if (idx < 0 || idx >= memories.size()) {
            throw ModuleCursor.errorAt("unknown memory " + Integer.toUnsignedString(idx), at);
        }
        return memories.get(idx);
    }

    Global global(int g, int at) {
        if (g < 0 || g >= globals.size()) {
            throw ModuleCursor.errorAt(
                    "unknown global " + Integer.toUnsignedString(g) + ": global index out of bounds", at);
        }
        return globals.get(g);
    }

    FuncType tag(int t, int at) {
        if (t < 0 || t >= tags.size()) {
            throw ModuleCursor.errorAt("unknown tag " + Integer.toUnsignedString(t) + ": tag index out of bounds", at);
        }
        return types.funcType(tags.get(t), at);
    }

    int elemType(int e, int at) {
        if (e < 0 || e >= elemTypes.size()) {
            throw ModuleCursor.errorAt(
                    "unknown elem segment " + Integer.toUnsignedString(e) + ": segment index out of bounds", at);
        }
        return elemTypes.get(e);
    }

    void dataSegment(int d, int at) {
        if (dataCount < 0) {
            throw ModuleCursor.errorAt("data count section required", at);
        }
        if (d < 0 || d >= dataCount) {
            throw ModuleCursor.errorAt("unknown data segment " + Integer.toUnsignedString(d), at);
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
                case 1 -> typeReader.readTypeSection();
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

    // ---------------------------------------------------------------- imports and definitions

    /** What one import brings in; compact import groups share one description among names. */
    private sealed interface ImportDesc {}

    private record FuncImport(int typeIndex) implements ImportDesc {}

    private record TableImport(Table table) implements ImportDesc {}

    private record MemoryImport(Memory memory) implements ImportDesc {}

    private record GlobalImport(Global global) implements ImportDesc {}

    private record TagImport(int typeIndex) implements ImportDesc {}

    private void importSection() {
        int n = r.vecCount(MAX_IMPORTS, "imports");
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
                    int k = r.vecCount(MAX_IMPORTS, "imports");
                    for (int j = 0; j < k; j++) {
                        r.name();
                        addImport(readImportDesc());
                    }
                } else {
                    ImportDesc shared = readImportDesc();
                    int k = r.vecCount(MAX_IMPORTS, "imports");
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
        int elem = typeReader.decodeValType(types.size(), true);
        if (!isRef(elem)) {
            throw ModuleCursor.errorAt("malformed reference type", elemAt);
        }
        // funcref tables exist since the MVP; every other element type goes through the checks.
        if (elem != FUNCREF) {
            typeReader.checkValTypeFeatures(elem, elemAt);
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
        int t = typeReader.readValType();
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
        int n = r.vecCount(MAX_FUNCTIONS, "functions");
        declaredFunctionCount = n;
        for (int i = 0; i < n; i++) {
            int at = r.pos();
            int t = r.u32();
            types.funcType(t, at);
            addFunction(t);
        }
    }

    private void tableSection() {
        int n = r.vecCount(MAX_TABLES, "tables");
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
        int n = r.vecCount(MAX_MEMORIES, "memories");
        for (int i = 0; i < n; i++) {
            addMemory(readMemoryType());
        }
    }

    private void tagSection() {
        if (!has(Feature.EXCEPTIONS)) {
            throw r.error("exceptions proposal not enabled");
        }
        int n = r.vecCount(MAX_TAGS, "tags");
        for (int i = 0; i < n; i++) {
            addTag(readTagType());
        }
    }

    private void globalSection() {
        int n = r.vecCount(MAX_GLOBALS, "globals");
        for (int i = 0; i < n; i++) {
            Global g = readGlobalType();
            constExpr(g.type(), ConstContext.GLOBAL);
            addGlobal(g);
        }
    }

    private void exportSection() {
        int n = r.vecCount(MAX_EXPORTS, "exports");
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
        int n = r.vecCount(MAX_ELEMENT_SEGMENTS, "element segments");
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
                elemType = hasTypeByte ? typeReader.readRefType() : FUNCREF;
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
            int count = r.vecCount(MAX_FUNCTIONS, "element items");
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
