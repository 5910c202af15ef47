package dev.wreg.engine.wit.component;

import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.Stability;
import dev.wreg.engine.wit.TypeDef;
import dev.wreg.engine.wit.TypeDefKind;
import dev.wreg.engine.wit.TypeId;
import dev.wreg.engine.wit.WitFunction;
import dev.wreg.engine.wit.WitInterface;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldId;
import dev.wreg.engine.wit.WorldItem;
import dev.wreg.engine.wit.WorldKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code package-docs} custom section: docs and feature gates of a WIT package, which the
 * component binary format has no place for. Version byte 1 followed by JSON, in the layout
 * wasm-tools writes and reads.
 */
final class PackageDocs {
    static final String SECTION_NAME = "package-docs";
    private static final int VERSION = 1;

    private PackageDocs() {}

    // ---- writing ----

    static byte[] encode(WitResolve r, PackageId pkgId) {
        WitPackage pkg = r.pkg(pkgId);
        Map<String, Object> root = new LinkedHashMap<>();
        putIf(root, "docs", pkg.docs());
        Map<String, Object> worlds = new LinkedHashMap<>();
        for (Map.Entry<String, WorldId> e : pkg.worlds().entrySet()) {
            putIf(worlds, e.getKey(), world(r, r.world(e.getValue())));
        }
        putIf(root, "worlds", worlds);
        Map<String, Object> interfaces = new LinkedHashMap<>();
        for (Map.Entry<String, InterfaceId> e : pkg.interfaces().entrySet()) {
            putIf(interfaces, e.getKey(), iface(r, e.getValue()));
        }
        putIf(root, "interfaces", interfaces);
        byte[] json = Json.write(root).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[json.length + 1];
        out[0] = VERSION;
        System.arraycopy(json, 0, out, 1, json.length);
        return out;
    }

    /** Puts non-empty values only (as serde's skip_serializing_if does). */
    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value == null || (value instanceof Map<?, ?> map && map.isEmpty())) {
            return;
        }
        m.put(key, value);
    }

    private static Object stability(Stability s) {
        return switch (s) {
            case Stability.Unknown u -> null;
            case Stability.Since(String since, String deprecated) -> {
                Map<String, Object> inner = new LinkedHashMap<>();
                inner.put("since", since);
                putIf(inner, "deprecated", deprecated);
                yield Map.of("stable", inner);
            }
            case Stability.Unstable(String feature, String deprecated) -> {
                Map<String, Object> inner = new LinkedHashMap<>();
                inner.put("feature", feature);
                putIf(inner, "deprecated", deprecated);
                yield Map.of("unstable", inner);
            }
        };
    }

    private static Map<String, Object> iface(WitResolve r, InterfaceId id) {
        WitInterface i = r.iface(id);
        Map<String, Object> m = new LinkedHashMap<>();
        putIf(m, "docs", i.docs());
        putIf(m, "stability", stability(i.stability()));
        Map<String, Object> funcs = new LinkedHashMap<>();
        for (Map.Entry<String, WitFunction> f : i.functions().entrySet()) {
            putIf(funcs, f.getKey(), func(f.getValue()));
        }
        putIf(m, "funcs", funcs);
        Map<String, Object> types = new LinkedHashMap<>();
        for (Map.Entry<String, TypeId> t : i.types().entrySet()) {
            putIf(types, t.getKey(), type(r.type(t.getValue())));
        }
        putIf(m, "types", types);
        return m;
    }

    private static Map<String, Object> func(WitFunction f) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIf(m, "docs", f.docs());
        putIf(m, "stability", stability(f.stability()));
        return m;
    }

    private static Map<String, Object> type(TypeDef t) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIf(m, "docs", t.docs());
        putIf(m, "stability", stability(t.stability()));
        Map<String, Object> items = new LinkedHashMap<>();
        switch (t.kind()) {
            case TypeDefKind.Record(List<TypeDefKind.Field> fields) ->
                fields.forEach(f -> putIf(items, f.name(), f.docs()));
            case TypeDefKind.Flags(List<TypeDefKind.Case> flags) ->
                flags.forEach(f -> putIf(items, f.name(), f.docs()));
            case TypeDefKind.Variant(List<TypeDefKind.VariantCase> cases) ->
                cases.forEach(c -> putIf(items, c.name(), c.docs()));
            case TypeDefKind.Enum(List<TypeDefKind.Case> cases) -> cases.forEach(c -> putIf(items, c.name(), c.docs()));
            default -> {}
        }
        putIf(m, "items", items);
        return m;
    }

    private static Map<String, Object> world(WitResolve r, WitWorld w) {
        Map<String, Object> anonImports = new LinkedHashMap<>();
        Map<String, Object> types = new LinkedHashMap<>();
        Map<String, Object> funcImports = new LinkedHashMap<>();
        Map<String, Object> anonExports = new LinkedHashMap<>();
        Map<String, Object> funcExports = new LinkedHashMap<>();
        Map<String, Object> importStability = new LinkedHashMap<>();
        Map<String, Object> exportStability = new LinkedHashMap<>();
        Map<String, Object> importDocs = new LinkedHashMap<>();
        Map<String, Object> exportDocs = new LinkedHashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            boolean imports = pass == 0;
            for (Map.Entry<WorldKey, WorldItem> e : (imports ? w.imports() : w.exports()).entrySet()) {
                String name = keyName(r, e.getKey());
                switch (e.getValue()) {
                    case WorldItem.InterfaceItem(InterfaceId id, String docs, Stability st) -> {
                        if (e.getKey() instanceof WorldKey.Name && r.iface(id).name() == null) {
                            putIf(imports ? anonImports : anonExports, name, iface(r, id));
                        } else {
                            putIf(imports ? importStability : exportStability, name, stability(st));
                            putIf(imports ? importDocs : exportDocs, name, docs);
                        }
                    }
                    case WorldItem.TypeItem(TypeId t) -> putIf(types, name, type(r.type(t)));
                    case WorldItem.FunctionItem(WitFunction f) ->
                        putIf(imports ? funcImports : funcExports, name, func(f));
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        putIf(m, "docs", w.docs());
        putIf(m, "stability", stability(w.stability()));
        putIf(m, "interfaces", anonImports);
        putIf(m, "types", types);
        putIf(m, "funcs", funcImports);
        putIf(m, "interface_exports", anonExports);
        putIf(m, "func_exports", funcExports);
        putIf(m, "interface_import_stability", importStability);
        putIf(m, "interface_export_stability", exportStability);
        putIf(m, "interface_import_docs", importDocs);
        putIf(m, "interface_export_docs", exportDocs);
        return m;
    }

    private static String keyName(WitResolve r, WorldKey key) {
        return switch (key) {
            case WorldKey.Name(String n) -> n;
            case WorldKey.Interface(InterfaceId id) -> r.interfaceId(id);
        };
    }

    // ---- reading ----

    /** Applies a {@code package-docs} section to package {@code pkgId} of a resolve being built. */
    static void inject(byte[] data, WitResolve.Builder b, PackageId pkgId) {
        if (data.length == 0 || (data[0] != 0 && data[0] != VERSION)) {
            throw new WitDecodeException(
                    "expected package-docs version " + VERSION + ", got " + (data.length == 0 ? "none" : data[0]));
        }
        Map<String, Object> root =
                object(Json.read(new String(data, 1, data.length - 1, StandardCharsets.UTF_8)), "package-docs");
        WitPackage pkg = b.pkg(pkgId);
        for (Map.Entry<String, Object> e : object(root.get("worlds"), "worlds").entrySet()) {
            WorldId id = pkg.worlds().get(e.getKey());
            if (id == null) {
                throw new WitDecodeException("package-docs: missing world " + e.getKey());
            }
            injectWorld(b, id, object(e.getValue(), "world"));
        }
        for (Map.Entry<String, Object> e :
                object(root.get("interfaces"), "interfaces").entrySet()) {
            InterfaceId id = pkg.interfaces().get(e.getKey());
            if (id == null) {
                throw new WitDecodeException("package-docs: missing interface " + e.getKey());
            }
            injectInterface(b, id, object(e.getValue(), "interface"));
        }
        if (root.get("docs") != null) {
            b.setPackage(pkgId, new WitPackage(pkg.name(), text(root.get("docs")), pkg.interfaces(), pkg.worlds()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?>)) {
            throw new WitDecodeException("package-docs: " + what + " is not an object");
        }
        return (Map<String, Object>) o;
    }

    private static String text(Object o) {
        if (o == null) {
            return null;
        }
        if (!(o instanceof String s)) {
            throw new WitDecodeException("package-docs: expected a string");
        }
        return s;
    }

    private static Stability readStability(Object o) {
        if (o == null || "unknown".equals(o)) {
            return Stability.UNKNOWN;
        }
        Map<String, Object> m = object(o, "stability");
        if (m.get("stable") != null) {
            Map<String, Object> s = object(m.get("stable"), "stable");
            return new Stability.Since(text(s.get("since")), text(s.get("deprecated")));
        }
        if (m.get("unstable") != null) {
            Map<String, Object> s = object(m.get("unstable"), "unstable");
            return new Stability.Unstable(text(s.get("feature")), text(s.get("deprecated")));
        }
        throw new WitDecodeException("package-docs: unknown stability " + m.keySet());
    }

    private static void injectInterface(WitResolve.Builder b, InterfaceId id, Map<String, Object> m) {
        WitInterface i = b.iface(id);
        for (Map.Entry<String, Object> t : object(m.get("types"), "types").entrySet()) {
            TypeId tid = i.types().get(t.getKey());
            if (tid == null) {
                throw new WitDecodeException("package-docs: missing type " + t.getKey());
            }
            injectType(b, tid, object(t.getValue(), "type"));
        }
        Map<String, WitFunction> funcs = new LinkedHashMap<>(i.functions());
        for (Map.Entry<String, Object> f : object(m.get("funcs"), "funcs").entrySet()) {
            WitFunction fn = funcs.get(f.getKey());
            if (fn == null) {
                throw new WitDecodeException("package-docs: missing func " + f.getKey());
            }
            funcs.put(f.getKey(), injectFunc(fn, f.getValue()));
        }
        b.setInterface(
                id,
                new WitInterface(
                        i.name(),
                        i.pkg(),
                        i.types(),
                        funcs,
                        m.get("docs") != null ? text(m.get("docs")) : i.docs(),
                        readStability(m.get("stability"))));
    }

    private static WitFunction injectFunc(WitFunction fn, Object data) {
        if (data == null || data instanceof String) {
            return fn.withDocs(text(data), fn.stability()); // the v0 form: just docs
        }
        Map<String, Object> m = object(data, "func");
        return fn.withDocs(text(m.get("docs")), readStability(m.get("stability")));
    }

    private static void injectType(WitResolve.Builder b, TypeId id, Map<String, Object> m) {
        TypeDef t = b.type(id);
        Map<String, Object> items = object(m.get("items"), "items");
        TypeDefKind kind = t.kind();
        if (!items.isEmpty()) {
            kind = switch (t.kind()) {
                case TypeDefKind.Record(List<TypeDefKind.Field> fields) -> {
                    List<TypeDefKind.Field> out = new ArrayList<>();
                    fields.forEach(f -> out.add(new TypeDefKind.Field(
                            f.name(), f.type(), items.containsKey(f.name()) ? text(items.get(f.name())) : f.docs())));
                    yield new TypeDefKind.Record(out);
                }
                case TypeDefKind.Variant(List<TypeDefKind.VariantCase> cases) -> {
                    List<TypeDefKind.VariantCase> out = new ArrayList<>();
                    cases.forEach(c -> out.add(new TypeDefKind.VariantCase(
                            c.name(), c.type(), items.containsKey(c.name()) ? text(items.get(c.name())) : c.docs())));
                    yield new TypeDefKind.Variant(out);
                }
                case TypeDefKind.Flags(List<TypeDefKind.Case> flags) -> new TypeDefKind.Flags(cases(flags, items));
                case TypeDefKind.Enum(List<TypeDefKind.Case> cases) -> new TypeDefKind.Enum(cases(cases, items));
                default -> throw new WitDecodeException("package-docs: got items for type " + t.name());
            };
        }
        b.setType(
                id,
                new TypeDef(
                        t.name(),
                        kind,
                        t.owner(),
                        m.get("docs") != null ? text(m.get("docs")) : t.docs(),
                        readStability(m.get("stability"))));
    }

    private static List<TypeDefKind.Case> cases(List<TypeDefKind.Case> cases, Map<String, Object> items) {
        List<TypeDefKind.Case> out = new ArrayList<>();
        cases.forEach(c -> out.add(
                new TypeDefKind.Case(c.name(), items.containsKey(c.name()) ? text(items.get(c.name())) : c.docs())));
        return out;
    }

    private static void injectWorld(WitResolve.Builder b, WorldId id, Map<String, Object> m) {
        WitWorld w = b.world(id);
        Map<WorldKey, WorldItem> imports = new LinkedHashMap<>(w.imports());
        Map<WorldKey, WorldItem> exports = new LinkedHashMap<>(w.exports());
        for (int pass = 0; pass < 2; pass++) {
            boolean onlyExports = pass == 1;
            for (Map.Entry<String, Object> e : object(
                            m.get(onlyExports ? "interface_exports" : "interfaces"), "interfaces")
                    .entrySet()) {
                WorldKey key = new WorldKey.Name(e.getKey());
                WorldItem item = onlyExports ? exports.get(key) : imports.getOrDefault(key, exports.get(key));
                if (!(item instanceof WorldItem.InterfaceItem ii)) {
                    throw new WitDecodeException("package-docs: missing interface " + e.getKey());
                }
                Map<String, Object> data = object(e.getValue(), "interface");
                injectInterface(b, ii.id(), data);
                WorldItem updated =
                        new WorldItem.InterfaceItem(ii.id(), ii.docs(), readStability(data.get("stability")));
                (exports.get(key) == item ? exports : imports).put(key, updated);
            }
        }
        for (Map.Entry<String, Object> e : object(m.get("types"), "types").entrySet()) {
            if (!(imports.get(new WorldKey.Name(e.getKey())) instanceof WorldItem.TypeItem(TypeId t))) {
                throw new WitDecodeException("package-docs: missing type " + e.getKey());
            }
            injectType(b, t, object(e.getValue(), "type"));
        }
        for (int pass = 0; pass < 4; pass++) {
            boolean imp = pass % 2 == 0;
            String field = pass < 2
                    ? (imp ? "interface_import_stability" : "interface_export_stability")
                    : (imp ? "interface_import_docs" : "interface_export_docs");
            Map<WorldKey, WorldItem> target = imp ? imports : exports;
            for (Map.Entry<String, Object> e : object(m.get(field), field).entrySet()) {
                Map.Entry<WorldKey, WorldItem> found = null;
                for (Map.Entry<WorldKey, WorldItem> it : target.entrySet()) {
                    if (it.getValue() instanceof WorldItem.InterfaceItem
                            && keyText(b, it.getKey()).equals(e.getKey())) {
                        found = it;
                    }
                }
                if (found == null) {
                    throw new WitDecodeException("package-docs: missing interface `" + e.getKey() + "`");
                }
                WorldItem.InterfaceItem ii = (WorldItem.InterfaceItem) found.getValue();
                target.put(
                        found.getKey(),
                        pass < 2
                                ? new WorldItem.InterfaceItem(ii.id(), ii.docs(), readStability(e.getValue()))
                                : new WorldItem.InterfaceItem(ii.id(), text(e.getValue()), ii.stability()));
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            boolean onlyExports = pass == 1;
            for (Map.Entry<String, Object> e : object(m.get(onlyExports ? "func_exports" : "funcs"), "funcs")
                    .entrySet()) {
                WorldKey key = new WorldKey.Name(e.getKey());
                Map<WorldKey, WorldItem> target = onlyExports || !imports.containsKey(key) ? exports : imports;
                if (!(target.get(key) instanceof WorldItem.FunctionItem(WitFunction fn))) {
                    throw new WitDecodeException("package-docs: missing func " + e.getKey());
                }
                target.put(key, new WorldItem.FunctionItem(injectFunc(fn, e.getValue())));
            }
        }
        b.setWorld(
                id,
                new WitWorld(
                        w.name(),
                        w.pkg(),
                        imports,
                        exports,
                        m.get("docs") != null ? text(m.get("docs")) : w.docs(),
                        readStability(m.get("stability"))));
    }

    private static String keyText(WitResolve.Builder b, WorldKey key) {
        return switch (key) {
            case WorldKey.Name(String n) -> n;
            case WorldKey.Interface(InterfaceId id) -> {
                WitInterface i = b.iface(id);
                yield b.pkg(i.pkg()).name().interfaceId(i.name());
            }
        };
    }
}
