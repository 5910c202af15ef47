package dev.wreg.validator.component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the import and export types of a core module that has already passed core validation,
 * which is all the component layer needs to know about it (instantiation arguments, aliases of
 * core exports, canon lift/lower signatures). Reading a validated module cannot fail except on
 * constructs this reader does not know; those surface as {@link ComponentInvalid}.
 */
final class CoreModuleTypes {

    private final byte[] b;
    private final int start;
    private final int moduleEnd;
    private int pos;
    private final List<String> typeDescriptors = new ArrayList<>();
    private final List<CoreTypes.Composite> types = new ArrayList<>();

    private final CoreTypeIds typeIds;
    /** What {@link #subType} read besides the composite type, for canonical identities. */
    private CoreTypeIds.Member lastMember;

    private CoreModuleTypes(byte[] bytes, int offset, int length, CoreTypeIds typeIds) {
        this.b = bytes;
        this.start = offset;
        this.moduleEnd = offset + length;
        this.typeIds = typeIds;
    }

    /** Reads the (valid) module held in {@code length} bytes of {@code bytes} from {@code offset}. */
    static CoreTypes.ModuleType read(byte[] bytes, int offset, int length, CoreTypeIds typeIds) {
        return new CoreModuleTypes(bytes, offset, length, typeIds).readModule();
    }

    private CoreTypes.ModuleType readModule() {
        pos = start + 8;
        List<CoreTypes.Import> imports = new ArrayList<>();
        List<CoreTypes.Extern> funcs = new ArrayList<>();
        List<CoreTypes.Extern> tables = new ArrayList<>();
        List<CoreTypes.Extern> memories = new ArrayList<>();
        List<CoreTypes.Extern> globals = new ArrayList<>();
        List<CoreTypes.Extern> tags = new ArrayList<>();
        Map<String, CoreTypes.Extern> exports = new LinkedHashMap<>();
        while (pos < moduleEnd) {
            int id = u8();
            int size = u32();
            int end = pos + size;
            switch (id) {
                case 1 -> readTypes();
                case 2 -> {
                    int n = u32();
                    for (int i = 0; i < n; i++) {
                        String module = name();
                        String field = name();
                        if (field.isEmpty() && pos < end && (b[pos] & 0xff) == 0x7f) {
                            pos++;
                            int m = u32();
                            for (int j = 0; j < m; j++) {
                                String f = name();
                                CoreTypes.Extern t = externDesc();
                                imports.add(new CoreTypes.Import(module, f, t));
                                place(t, funcs, tables, memories, globals, tags);
                            }
                        } else if (field.isEmpty() && pos < end && (b[pos] & 0xff) == 0x7e) {
                            pos++;
                            CoreTypes.Extern t = externDesc();
                            int m = u32();
                            for (int j = 0; j < m; j++) {
                                imports.add(new CoreTypes.Import(module, name(), t));
                                place(t, funcs, tables, memories, globals, tags);
                            }
                        } else {
                            CoreTypes.Extern t = externDesc();
                            imports.add(new CoreTypes.Import(module, field, t));
                            place(t, funcs, tables, memories, globals, tags);
                        }
                    }
                }
                case 3 -> {
                    int n = u32();
                    for (int i = 0; i < n; i++) {
                        funcs.add(new CoreTypes.Func(funcType(u32())));
                    }
                }
                case 4 -> {
                    int n = u32();
                    for (int i = 0; i < n; i++) {
                        boolean withInit = (b[pos] & 0xff) == 0x40;
                        if (withInit) {
                            pos += 2;
                        }
                        tables.add(tableType());
                        if (withInit) {
                            skipConstExpr();
                        }
                    }
                }
                case 5 -> {
                    int n = u32();
                    for (int i = 0; i < n; i++) {
                        memories.add(memoryType());
                    }
                }
                case 6 -> {
                    int n = u32();
                    for (int i = 0; i < n; i++) {
                        globals.add(globalType());
                        skipConstExpr();
                    }
                }
                case 7 -> {
                    int n = u32();
                    for (int i = 0; i < n; i++) {
                        String nm = name();
                        int kind = u8();
                        int idx = u32();
                        List<CoreTypes.Extern> space = switch (kind) {
                            case 0 -> funcs;
                            case 1 -> tables;
                            case 2 -> memories;
                            case 3 -> globals;
                            case 4 -> tags;
                            default -> throw new ComponentInvalid("unknown core export kind " + kind);
                        };
                        exports.put(nm, space.get(idx));
                    }
                }
                case 13 -> {
                    int n = u32();
                    for (int i = 0; i < n; i++) {
                        u8();
                        tags.add(new CoreTypes.Tag(funcType(u32())));
                    }
                }
                default -> {}
            }
            pos = end;
        }
        return new CoreTypes.ModuleType(imports, exports);
    }

    private static void place(
            CoreTypes.Extern t,
            List<CoreTypes.Extern> funcs,
            List<CoreTypes.Extern> tables,
            List<CoreTypes.Extern> memories,
            List<CoreTypes.Extern> globals,
            List<CoreTypes.Extern> tags) {
        switch (t) {
            case CoreTypes.Func f -> funcs.add(f);
            case CoreTypes.Table x -> tables.add(x);
            case CoreTypes.Memory x -> memories.add(x);
            case CoreTypes.Global x -> globals.add(x);
            case CoreTypes.Tag x -> tags.add(x);
        }
    }

    private CoreTypes.FuncType funcType(int index) {
        if (index < types.size() && types.get(index) instanceof CoreTypes.FuncType f) {
            return f;
        }
        throw new ComponentInvalid("core type " + index + " is not a function type");
    }

    private CoreTypes.Extern externDesc() {
        int kind = u8();
        return switch (kind) {
            case 0x00 -> new CoreTypes.Func(funcType(u32()));
            case 0x20 -> new CoreTypes.Func(funcType(u32()));
            case 0x01 -> tableType();
            case 0x02 -> memoryType();
            case 0x03 -> globalType();
            case 0x04 -> {
                u8();
                yield new CoreTypes.Tag(funcType(u32()));
            }
            default -> throw new ComponentInvalid("unknown core import kind " + kind);
        };
    }

    private CoreTypes.Table tableType() {
        String elem = valType();
        long[] l = limits();
        return new CoreTypes.Table(elem, l[1], l[2] < 0 ? null : l[2], (l[0] & 4) != 0, (l[0] & 2) != 0);
    }

    private CoreTypes.Memory memoryType() {
        long[] l = limits();
        return new CoreTypes.Memory(l[1], l[2] < 0 ? null : l[2], (l[0] & 4) != 0, (l[0] & 2) != 0, (int) l[3]);
    }

    private CoreTypes.Global globalType() {
        String t = valType();
        int flags = u8();
        return new CoreTypes.Global(t, (flags & 1) != 0, (flags & 2) != 0);
    }

    /** flags, min, max (-1 none), page size log2 (16 default). */
    private long[] limits() {
        int flags = u8();
        long min = u64();
        long max = (flags & 1) != 0 ? u64() : -1;
        long page = (flags & 8) != 0 ? u32() : 16;
        return new long[] {flags, min, max, page};
    }

    private void readTypes() {
        int n = u32();
        for (int i = 0; i < n; i++) {
            int first = b[pos] & 0xff;
            int m = 1;
            if (first == 0x4e) {
                pos++;
                m = u32();
            }
            int base = types.size();
            for (int j = 0; j < m; j++) {
                // Members are named relative to their group, so equal groups describe alike.
                typeDescriptors.add("rec." + j);
                types.add(null);
            }
            List<CoreTypeIds.Member> members = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                CoreTypes.Composite c = subType();
                types.set(base + j, c);
                members.add(new CoreTypeIds.Member(
                        lastMember.isFinal(), lastMember.shared(), lastMember.supertype(), c.describe()));
            }
            String[] ids = typeIds.group(base, members, this::identity);
            if (ids != null) {
                for (int j = 0; j < m; j++) {
                    if (types.get(base + j) instanceof CoreTypes.FuncType f) {
                        types.set(base + j, f.withId(ids[j], typeIds));
                    }
                }
            }
        }
    }

    private String identity(int index) {
        CoreTypes.Composite c = types.get(index);
        return c instanceof CoreTypes.FuncType f && !f.id().isEmpty() ? f.id() : typeIds.ref(c.describe());
    }

    private CoreTypes.Composite subType() {
        int first = b[pos] & 0xff;
        boolean isFinal = true;
        Integer supertype = null;
        if (first == 0x50 || first == 0x4f) {
            pos++;
            isFinal = first == 0x4f;
            int n = u32();
            for (int i = 0; i < n; i++) {
                supertype = u32();
            }
        }
        first = b[pos] & 0xff;
        boolean shared = first == 0x65;
        if (shared) {
            pos++;
        }
        lastMember = new CoreTypeIds.Member(isFinal, shared, supertype, "");
        while ((b[pos] & 0xff) == 0x4c || (b[pos] & 0xff) == 0x4d) {
            pos++;
            u32();
        }
        int kind = u8();
        switch (kind) {
            case 0x60 -> {
                int np = u32();
                List<String> params = new ArrayList<>();
                for (int i = 0; i < np; i++) {
                    params.add(valType());
                }
                int nr = u32();
                List<String> results = new ArrayList<>();
                for (int i = 0; i < nr; i++) {
                    results.add(valType());
                }
                return new CoreTypes.FuncType(params, results);
            }
            case 0x5f -> {
                int nf = u32();
                StringBuilder sb = new StringBuilder("struct");
                for (int i = 0; i < nf; i++) {
                    sb.append(' ').append(storageType()).append(u8() == 1 ? "mut" : "");
                }
                return new CoreTypes.Other(sb.toString());
            }
            case 0x5e -> {
                String s = "array " + storageType() + (u8() == 1 ? "mut" : "");
                return new CoreTypes.Other(s);
            }
            case 0x5d -> {
                return new CoreTypes.Other("cont " + s33());
            }
            default -> throw new ComponentInvalid("unknown core type form 0x" + Integer.toHexString(kind));
        }
    }

    private String storageType() {
        int c = b[pos] & 0xff;
        if (c == 0x78) {
            pos++;
            return "i8";
        }
        if (c == 0x77) {
            pos++;
            return "i16";
        }
        return valType();
    }

    private String valType() {
        int c = u8();
        return switch (c) {
            case 0x7f -> "i32";
            case 0x7e -> "i64";
            case 0x7d -> "f32";
            case 0x7c -> "f64";
            case 0x7b -> "v128";
            case 0x63 -> "(ref null " + heapType() + ")";
            case 0x64 -> "(ref " + heapType() + ")";
            case 0x65 -> "(ref null shared " + abstractHeap(u8()) + ")";
            default -> "(ref null " + abstractHeap(c) + ")";
        };
    }

    private String heapType() {
        int c = b[pos] & 0xff;
        if (c == 0x65) {
            pos++;
            return "shared " + heapType();
        }
        if (c == 0x62) {
            pos++;
            return "exact " + descriptor((int) s33());
        }
        long v = s33();
        if (v >= 0) {
            return descriptor((int) v);
        }
        return abstractHeap((int) (v & 0x7f));
    }

    private String descriptor(int index) {
        if (index < types.size() && types.get(index) != null) {
            return typeIds.ref(types.get(index).describe());
        }
        return "[" + (index < typeDescriptors.size() ? typeDescriptors.get(index) : "t" + index) + "]";
    }

    private static String abstractHeap(int c) {
        return switch (c) {
            case 0x70 -> "func";
            case 0x6f -> "extern";
            case 0x6e -> "any";
            case 0x71 -> "none";
            case 0x72 -> "noextern";
            case 0x73 -> "nofunc";
            case 0x6d -> "eq";
            case 0x6b -> "struct";
            case 0x6a -> "array";
            case 0x6c -> "i31";
            case 0x69 -> "exn";
            case 0x74 -> "noexn";
            case 0x68 -> "cont";
            case 0x75 -> "nocont";
            default -> "heap" + c;
        };
    }

    private void skipConstExpr() {
        while (true) {
            int op = u8();
            switch (op) {
                case 0x0b -> {
                    return;
                }
                case 0x41, 0x42 -> s64();
                case 0x43 -> pos += 4;
                case 0x44 -> pos += 8;
                case 0xd0 -> heapType();
                case 0xd2, 0x23 -> u32();
                case 0xfb -> {
                    int sub = u32();
                    switch (sub) {
                        case 0, 1, 6, 7 -> u32();
                        case 8 -> {
                            u32();
                            u32();
                        }
                        default -> {}
                    }
                }
                case 0xfd -> {
                    int sub = u32();
                    if (sub == 12) {
                        pos += 16;
                    }
                }
                default -> {}
            }
        }
    }

    private int u8() {
        if (pos >= moduleEnd) {
            throw new ComponentInvalid("unexpected end of core module");
        }
        return b[pos++] & 0xff;
    }

    private int u32() {
        return (int) u64();
    }

    private long u64() {
        long result = 0;
        int shift = 0;
        while (true) {
            int x = u8();
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
            shift += 7;
            if (shift > 63) {
                throw new ComponentInvalid("integer too long in core module");
            }
        }
    }

    private long s64() {
        long result = 0;
        int shift = 0;
        int x;
        do {
            x = u8();
            result |= (long) (x & 0x7f) << shift;
            shift += 7;
        } while ((x & 0x80) != 0 && shift < 70);
        if (shift < 64 && (x & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    private long s33() {
        return s64();
    }

    private String name() {
        int n = u32();
        String s = new String(b, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }
}
