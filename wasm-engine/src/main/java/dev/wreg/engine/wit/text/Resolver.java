package dev.wreg.engine.wit.text;

import dev.wreg.engine.wit.InterfaceId;
import dev.wreg.engine.wit.PackageId;
import dev.wreg.engine.wit.Stability;
import dev.wreg.engine.wit.TypeDefKind;
import dev.wreg.engine.wit.TypeId;
import dev.wreg.engine.wit.TypeOwner;
import dev.wreg.engine.wit.WitFunction;
import dev.wreg.engine.wit.WitInterface;
import dev.wreg.engine.wit.WitPackage;
import dev.wreg.engine.wit.WitPackageName;
import dev.wreg.engine.wit.WitResolve;
import dev.wreg.engine.wit.WitWorld;
import dev.wreg.engine.wit.WorldId;
import dev.wreg.engine.wit.WorldItem;
import dev.wreg.engine.wit.WorldKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves parsed WIT files into a {@link WitResolve}: packages in dependency order, names looked
 * up across interfaces and packages, resource functions desugared, world includes merged and
 * world imports elaborated with the interfaces their imports depend on. The types and functions
 * inside each interface and world are resolved by an {@link ItemResolver}.
 */
final class Resolver {

    /** One file's part of a package: its items and its top-level {@code use} aliases. */
    record UnitFile(Source source, List<Ast.TopItem> items) {}

    /** All the text of one package. */
    private static final class Unit {
        final WitPackageName name;
        String docs;
        final Source declSource;
        final int declPos;
        final List<UnitFile> files = new ArrayList<>();

        Unit(WitPackageName name, String docs, Source declSource, int declPos) {
            this.name = name;
            this.docs = docs;
            this.declSource = declSource;
            this.declPos = declPos;
        }
    }

    private final WitResolve.Builder b = WitResolve.builder();
    private final List<Unit> units = new ArrayList<>();
    private Unit main;
    private final Map<WitPackageName, PackageId> resolved = new HashMap<>();
    private final Map<TypeId, TypeId> ownHandles = new HashMap<>();

    void addMain(List<Ast.File> files) {
        main = addPackageFiles(files);
    }

    void addDependency(List<Ast.File> files) {
        addPackageFiles(files);
    }

    private Unit addPackageFiles(List<Ast.File> files) {
        Ast.PackageDecl decl = null;
        Source declSource = null;
        for (Ast.File f : files) {
            if (f.pkg() != null) {
                if (decl != null && !samePackage(decl, f.pkg())) {
                    throw f.source()
                            .error(
                                    f.pkg().pos(),
                                    "package identifier `" + nameOf(f.pkg())
                                            + "` does not match previous package name of `" + nameOf(decl) + "`");
                }
                if (decl == null || decl.docs() == null) {
                    decl = f.pkg();
                    declSource = f.source();
                }
            }
        }
        boolean hasOwnItems =
                files.stream().anyMatch(f -> f.items().stream().anyMatch(i -> !(i instanceof Ast.NestedPackage)));
        Unit unit = null;
        if (decl != null) {
            unit = new Unit(nameOf(decl), decl.docs(), declSource, decl.pos());
            registerUnit(unit);
        } else if (hasOwnItems) {
            Ast.File f = files.getFirst();
            throw f.source().error(0, "no `package` header was found in any WIT file for this package");
        }
        for (Ast.File f : files) {
            List<Ast.TopItem> own = new ArrayList<>();
            for (Ast.TopItem item : f.items()) {
                if (item instanceof Ast.NestedPackage(Ast.PackageDecl pd, List<Ast.TopItem> items)) {
                    Unit nested = new Unit(nameOf(pd), pd.docs(), f.source(), pd.pos());
                    registerUnit(nested);
                    nested.files.add(new UnitFile(f.source(), items));
                } else {
                    own.add(item);
                }
            }
            if (unit != null) {
                unit.files.add(new UnitFile(f.source(), own));
            }
        }
        if (unit == null) {
            // a file holding only nested packages: its first package is the main one
            if (units.isEmpty()) {
                throw files.getFirst().source().error(0, "no package found");
            }
            unit = units.getLast();
        }
        return unit;
    }

    private void registerUnit(Unit unit) {
        for (Unit u : units) {
            if (u.name.equals(unit.name)) {
                throw unit.declSource.error(unit.declPos, "package `" + unit.name + "` is defined more than once");
            }
        }
        units.add(unit);
    }

    private static boolean samePackage(Ast.PackageDecl a, Ast.PackageDecl b) {
        return nameOf(a).equals(nameOf(b));
    }

    private static WitPackageName nameOf(Ast.PackageDecl d) {
        return new WitPackageName(d.namespace(), d.name(), d.version());
    }

    // ---- package ordering ----

    WitParser.Parsed resolve() {
        List<Unit> order = new ArrayList<>();
        Set<Unit> done = new HashSet<>();
        Set<Unit> visiting = new HashSet<>();
        for (Unit u : units) {
            if (u != main) {
                visit(u, order, done, visiting);
            }
        }
        visit(main, order, done, visiting);
        for (Unit u : order) {
            resolved.put(u.name, new PackageResolver(u).run());
        }
        return new WitParser.Parsed(b.build(), resolved.get(main.name));
    }

    private void visit(Unit u, List<Unit> order, Set<Unit> done, Set<Unit> visiting) {
        if (done.contains(u)) {
            return;
        }
        if (!visiting.add(u)) {
            throw u.declSource.error(u.declPos, "package `" + u.name + "` depends on itself");
        }
        for (UnitFile f : u.files) {
            for (Ref ref : foreignRefs(f)) {
                Unit dep = findUnit(ref.name());
                if (dep == null) {
                    throw f.source().error(ref.pos(), "package `" + ref.name() + "` not found");
                }
                if (dep != u) {
                    visit(dep, order, done, visiting);
                }
            }
        }
        visiting.remove(u);
        done.add(u);
        order.add(u);
    }

    private Unit findUnit(WitPackageName name) {
        for (Unit u : units) {
            if (u.name.equals(name)) {
                return u;
            }
        }
        return null;
    }

    private record Ref(WitPackageName name, int pos) {}

    private static List<Ref> foreignRefs(UnitFile f) {
        List<Ref> refs = new ArrayList<>();
        for (Ast.TopItem item : f.items()) {
            switch (item) {
                case Ast.TopUse(Ast.UsePath path, Ast.Name alias) -> addRef(refs, path);
                case Ast.InterfaceDecl i -> interfaceRefs(refs, i.items());
                case Ast.WorldDecl w -> {
                    for (Ast.WorldEntry e : w.items()) {
                        switch (e) {
                            case Ast.UseItem u -> addRef(refs, u.path());
                            case Ast.ExternItem x -> {
                                if (x.extern() instanceof Ast.PathExtern(Ast.UsePath p)) {
                                    addRef(refs, p);
                                } else if (x.extern() instanceof Ast.InlineInterface(List<Ast.InterfaceItem> items)) {
                                    interfaceRefs(refs, items);
                                }
                            }
                            case Ast.IncludeItem inc -> addRef(refs, inc.path());
                            case Ast.TypeItem t -> {}
                        }
                    }
                }
                case Ast.NestedPackage n -> {}
            }
        }
        return refs;
    }

    private static void interfaceRefs(List<Ref> refs, List<Ast.InterfaceItem> items) {
        for (Ast.InterfaceItem ii : items) {
            if (ii instanceof Ast.UseItem u) {
                addRef(refs, u.path());
            }
        }
    }

    private static void addRef(List<Ref> refs, Ast.UsePath p) {
        if (!p.isLocal()) {
            refs.add(new Ref(new WitPackageName(p.namespace(), p.pkg(), p.version()), p.pos()));
        }
    }

    // ---- one package ----

    private final class PackageResolver {
        private final Unit unit;
        private PackageId pid;
        private final Map<String, InterfaceId> interfaces = new LinkedHashMap<>();
        private final Map<String, WorldId> worlds = new LinkedHashMap<>();
        private final Map<String, Ast.InterfaceDecl> interfaceDecls = new HashMap<>();
        private final Map<String, UnitFile> declFile = new HashMap<>();
        private final Map<String, Ast.WorldDecl> worldDecls = new HashMap<>();
        private final Set<String> interfacesDone = new HashSet<>();
        private final Set<String> worldsDone = new HashSet<>();

        PackageResolver(Unit unit) {
            this.unit = unit;
        }

        PackageId run() {
            pid = b.addPackage(new WitPackage(unit.name, unit.docs, Map.of(), Map.of()));
            // Names first, so that items can refer to ones declared later.
            for (UnitFile f : unit.files) {
                for (Ast.TopItem item : f.items()) {
                    switch (item) {
                        case Ast.InterfaceDecl i -> {
                            checkFree(f, i.name());
                            interfaces.put(i.name().text(), b.reserveInterface());
                            interfaceDecls.put(i.name().text(), i);
                            declFile.put(i.name().text(), f);
                        }
                        case Ast.WorldDecl w -> {
                            checkFree(f, w.name());
                            worlds.put(w.name().text(), b.reserveWorld());
                            worldDecls.put(w.name().text(), w);
                            declFile.put(w.name().text(), f);
                        }
                        default -> {}
                    }
                }
            }
            for (String name : interfaces.keySet()) {
                resolveInterface(name, new HashSet<>());
            }
            for (String name : worlds.keySet()) {
                resolveWorld(name, new HashSet<>());
            }
            b.setPackage(pid, new WitPackage(unit.name, unit.docs, interfaces, worlds));
            return pid;
        }

        private void checkFree(UnitFile f, Ast.Name name) {
            if (interfaces.containsKey(name.text()) || worlds.containsKey(name.text())) {
                throw f.source().error(name.pos(), "duplicate item named `" + name.text() + "`");
            }
        }

        /** The file-level alias of a name ({@code use a:b/c as d;}), or null. */
        private Ast.UsePath topUse(UnitFile f, String name) {
            for (Ast.TopItem item : f.items()) {
                if (item instanceof Ast.TopUse(Ast.UsePath path, Ast.Name alias)) {
                    String n = alias != null ? alias.text() : path.iface().text();
                    if (n.equals(name)) {
                        return path;
                    }
                }
            }
            return null;
        }

        /** Resolves a path to an interface, resolving local interfaces on demand (dependency order). */
        private InterfaceId interfaceByPath(UnitFile f, Ast.UsePath path, Set<String> visiting) {
            if (path.isLocal()) {
                Ast.UsePath alias = topUse(f, path.iface().text());
                if (alias != null
                        && !(alias.isLocal()
                                && alias.iface().text().equals(path.iface().text()))) {
                    return interfaceByPath(f, alias, visiting);
                }
                String name = path.iface().text();
                if (!interfaces.containsKey(name)) {
                    String what = worlds.containsKey(name) ? "is a world, not an interface" : "does not exist";
                    throw f.source().error(path.iface().pos(), "interface `" + name + "` " + what);
                }
                resolveInterface(name, visiting);
                return interfaces.get(name);
            }
            WitPackageName pn = new WitPackageName(path.namespace(), path.pkg(), path.version());
            if (pn.equals(unit.name)) {
                return interfaceByPath(
                        f,
                        new Ast.UsePath(
                                null, null, null, path.iface(), path.iface().pos()),
                        visiting);
            }
            PackageId other = resolved.get(pn);
            if (other == null) {
                throw f.source().error(path.pos(), "package `" + pn + "` not found");
            }
            InterfaceId id = b.pkg(other).interfaces().get(path.iface().text());
            if (id == null) {
                throw f.source()
                        .error(
                                path.iface().pos(),
                                "interface `" + path.iface().text() + "` not found in package `" + pn + "`");
            }
            return id;
        }

        private void resolveInterface(String name, Set<String> visiting) {
            if (interfacesDone.contains(name)) {
                return;
            }
            Ast.InterfaceDecl decl = interfaceDecls.get(name);
            UnitFile f = declFile.get(name);
            if (!visiting.add(name)) {
                throw f.source().error(decl.name().pos(), "interface `" + name + "` depends on itself");
            }
            InterfaceId id = interfaces.get(name);
            ItemResolver items =
                    new ItemResolver(b, ownHandles, this::interfaceByPath, f, new TypeOwner.OfInterface(id), visiting);
            items.resolve(decl.items(), List.of());
            b.setInterface(
                    id, new WitInterface(name, pid, items.types, items.functions, decl.docs(), decl.stability()));
            visiting.remove(name);
            interfacesDone.add(name);
        }

        private void resolveWorld(String name, Set<String> visiting) {
            if (worldsDone.contains(name)) {
                return;
            }
            Ast.WorldDecl decl = worldDecls.get(name);
            UnitFile f = declFile.get(name);
            if (!visiting.add(name)) {
                throw f.source().error(decl.name().pos(), "world `" + name + "` includes itself");
            }
            WorldId id = worlds.get(name);
            Map<WorldKey, WorldItem> imports = new LinkedHashMap<>();
            Map<WorldKey, WorldItem> exports = new LinkedHashMap<>();
            Set<String> interfaceVisit = new HashSet<>();
            // where each import/export goes, to put them back in source order at the end
            Map<Ast.WorldEntry, WorldKey> placed = new HashMap<>();
            // interfaces first, then types (and the interfaces their `use`s need), then functions
            for (Ast.WorldEntry e : decl.items()) {
                if (e instanceof Ast.ExternItem x && !(x.extern() instanceof Ast.FuncExtern)) {
                    WorldKey key;
                    InterfaceId iid;
                    if (x.name() == null) {
                        iid = interfaceByPath(f, ((Ast.PathExtern) x.extern()).path(), interfaceVisit);
                        key = new WorldKey.Interface(iid);
                    } else if (x.extern() instanceof Ast.PathExtern(Ast.UsePath p)) {
                        iid = interfaceByPath(f, p, interfaceVisit);
                        key = new WorldKey.Name(x.name().text());
                    } else {
                        iid = b.reserveInterface();
                        ItemResolver items = new ItemResolver(
                                b,
                                ownHandles,
                                this::interfaceByPath,
                                f,
                                new TypeOwner.OfInterface(iid),
                                interfaceVisit);
                        items.resolve(((Ast.InlineInterface) x.extern()).items(), List.of());
                        b.setInterface(
                                iid,
                                new WitInterface(null, pid, items.types, items.functions, x.docs(), Stability.UNKNOWN));
                        key = new WorldKey.Name(x.name().text());
                    }
                    Map<WorldKey, WorldItem> target = x.isImport() ? imports : exports;
                    if (target.containsKey(key)) {
                        throw f.source()
                                .error(
                                        x.pos(),
                                        "duplicate " + (x.isImport() ? "import" : "export") + " `" + keyText(key)
                                                + "`");
                    }
                    target.put(key, new WorldItem.InterfaceItem(iid, x.docs(), x.stability()));
                    placed.put(x, key);
                }
            }
            ItemResolver items = new ItemResolver(
                    b, ownHandles, this::interfaceByPath, f, new TypeOwner.OfWorld(id), interfaceVisit);
            List<Ast.InterfaceItem> typeItems = new ArrayList<>();
            for (Ast.WorldEntry e : decl.items()) {
                if (e instanceof Ast.UseItem u) {
                    typeItems.add(u);
                    InterfaceId from = interfaceByPath(f, u.path(), interfaceVisit);
                    imports.putIfAbsent(
                            new WorldKey.Interface(from), new WorldItem.InterfaceItem(from, null, Stability.UNKNOWN));
                } else if (e instanceof Ast.TypeItem t) {
                    typeItems.add(t);
                }
            }
            items.resolve(typeItems, List.of());
            for (Map.Entry<String, TypeId> t : items.types.entrySet()) {
                imports.put(new WorldKey.Name(t.getKey()), new WorldItem.TypeItem(t.getValue()));
            }
            for (WitFunction rf : items.functions.values()) {
                imports.put(new WorldKey.Name(rf.name()), new WorldItem.FunctionItem(rf));
            }
            for (Ast.WorldEntry e : decl.items()) {
                if (e instanceof Ast.ExternItem x && x.extern() instanceof Ast.FuncExtern(Ast.FuncType ft)) {
                    WitFunction fn = items.function(
                            x.docs(), x.stability(), WitFunction.Kind.FREESTANDING, x.name(), ft, null, null);
                    Map<WorldKey, WorldItem> target = x.isImport() ? imports : exports;
                    WorldKey key = new WorldKey.Name(fn.name());
                    if (target.containsKey(key)) {
                        throw f.source()
                                .error(
                                        x.name().pos(),
                                        "duplicate " + (x.isImport() ? "import" : "export") + " `"
                                                + x.name().text() + "`");
                    }
                    target.put(key, new WorldItem.FunctionItem(fn));
                    placed.put(x, key);
                }
            }
            reorder(decl, placed, true, imports);
            reorder(decl, placed, false, exports);
            for (Ast.WorldEntry e : decl.items()) {
                if (e instanceof Ast.IncludeItem inc) {
                    include(f, inc, imports, exports, visiting);
                }
            }
            elaborate(imports, exports);
            b.setWorld(id, new WitWorld(name, pid, imports, exports, decl.docs(), decl.stability()));
            visiting.remove(name);
            worldsDone.add(name);
        }

        /** Puts the explicit imports (or exports) back in source order, other entries after them. */
        private void reorder(
                Ast.WorldDecl decl,
                Map<Ast.WorldEntry, WorldKey> placed,
                boolean imports,
                Map<WorldKey, WorldItem> map) {
            Map<WorldKey, WorldItem> ordered = new LinkedHashMap<>();
            for (Ast.WorldEntry e : decl.items()) {
                if (e instanceof Ast.ExternItem x && x.isImport() == imports && placed.containsKey(x)) {
                    WorldKey key = placed.get(x);
                    ordered.put(key, map.get(key));
                }
            }
            for (Map.Entry<WorldKey, WorldItem> e : map.entrySet()) {
                ordered.putIfAbsent(e.getKey(), e.getValue());
            }
            map.clear();
            map.putAll(ordered);
        }

        private String keyText(WorldKey key) {
            return switch (key) {
                case WorldKey.Name(String n) -> n;
                case WorldKey.Interface(InterfaceId iid) -> b.iface(iid).name();
            };
        }

        private void include(
                UnitFile f,
                Ast.IncludeItem inc,
                Map<WorldKey, WorldItem> imports,
                Map<WorldKey, WorldItem> exports,
                Set<String> visiting) {
            WitWorld other;
            Ast.UsePath p = inc.path();
            boolean local = p.isLocal() || new WitPackageName(p.namespace(), p.pkg(), p.version()).equals(unit.name);
            if (local) {
                String wn = p.iface().text();
                if (!worlds.containsKey(wn)) {
                    throw f.source().error(p.iface().pos(), "world `" + wn + "` does not exist");
                }
                resolveWorld(wn, visiting);
                other = b.world(worlds.get(wn));
            } else {
                WitPackageName pn = new WitPackageName(p.namespace(), p.pkg(), p.version());
                PackageId op = resolved.get(pn);
                if (op == null) {
                    throw f.source().error(p.pos(), "package `" + pn + "` not found");
                }
                WorldId wid = b.pkg(op).worlds().get(p.iface().text());
                if (wid == null) {
                    throw f.source()
                            .error(
                                    p.iface().pos(),
                                    "world `" + p.iface().text() + "` not found in package `" + pn + "`");
                }
                other = b.world(wid);
            }
            Map<String, String> renames = new HashMap<>();
            for (Ast.UseName r : inc.renames()) {
                renames.put(r.name().text(), r.as().text());
            }
            merge(other.imports(), imports, renames);
            merge(other.exports(), exports, renames);
        }

        private void merge(Map<WorldKey, WorldItem> from, Map<WorldKey, WorldItem> into, Map<String, String> renames) {
            for (Map.Entry<WorldKey, WorldItem> e : from.entrySet()) {
                WorldKey key = e.getKey();
                WorldItem item = e.getValue();
                if (key instanceof WorldKey.Name(String n) && renames.containsKey(n)) {
                    key = new WorldKey.Name(renames.get(n));
                    if (item instanceof WorldItem.FunctionItem(WitFunction fn)) {
                        item = new WorldItem.FunctionItem(new WitFunction(
                                renames.get(n),
                                fn.kind(),
                                fn.async(),
                                fn.resource(),
                                fn.params(),
                                fn.result(),
                                fn.docs(),
                                fn.stability()));
                    }
                }
                into.putIfAbsent(key, item);
            }
        }

        /**
         * Completes a world as WIT requires: imports sorted by class (interfaces, types, functions),
         * every interface preceded by the interfaces whose types it uses, the interfaces that
         * exported interfaces depend on imported (unless exported too), exports with functions
         * first.
         */
        private void elaborate(Map<WorldKey, WorldItem> imports, Map<WorldKey, WorldItem> exports) {
            List<Map.Entry<WorldKey, WorldItem>> sorted = new ArrayList<>(imports.entrySet());
            sorted.sort(java.util.Comparator.comparingInt(e -> sortKey(e.getValue())));
            Map<WorldKey, WorldItem> newImports = new LinkedHashMap<>();
            for (Map.Entry<WorldKey, WorldItem> e : sorted) {
                switch (e.getValue()) {
                    case WorldItem.InterfaceItem ii -> elaborateImport(newImports, e.getKey(), ii);
                    case WorldItem.FunctionItem f -> newImports.put(e.getKey(), f);
                    case WorldItem.TypeItem(TypeId t) -> {
                        if (b.type(t).kind() instanceof TypeDefKind.Alias(TypeId target)
                                && b.type(target).owner() instanceof TypeOwner.OfInterface(InterfaceId dep)) {
                            elaborateImport(
                                    newImports,
                                    new WorldKey.Interface(dep),
                                    new WorldItem.InterfaceItem(
                                            dep, null, b.type(t).stability()));
                        }
                        newImports.put(e.getKey(), e.getValue());
                    }
                }
            }
            Map<WorldKey, WorldItem> newExports = new LinkedHashMap<>();
            Set<InterfaceId> exported = new HashSet<>();
            for (Map.Entry<WorldKey, WorldItem> e : exports.entrySet()) {
                if (e.getValue() instanceof WorldItem.FunctionItem) {
                    newExports.put(e.getKey(), e.getValue());
                } else if (e.getValue() instanceof WorldItem.InterfaceItem ii) {
                    exported.add(ii.id());
                }
            }
            for (Map.Entry<WorldKey, WorldItem> e : exports.entrySet()) {
                if (e.getValue() instanceof WorldItem.InterfaceItem ii) {
                    importDepsOfExport(ii.id(), newImports, exported, new HashSet<>());
                    newExports.put(e.getKey(), e.getValue());
                }
            }
            List<Map.Entry<WorldKey, WorldItem>> finalImports = new ArrayList<>(newImports.entrySet());
            finalImports.sort(java.util.Comparator.comparingInt(e -> sortKey(e.getValue())));
            imports.clear();
            for (Map.Entry<WorldKey, WorldItem> e : finalImports) {
                imports.put(e.getKey(), e.getValue());
            }
            exports.clear();
            exports.putAll(newExports);
        }

        private int sortKey(WorldItem item) {
            return switch (item) {
                case WorldItem.InterfaceItem ii -> 0;
                case WorldItem.TypeItem(TypeId t) ->
                    b.type(t).kind() instanceof TypeDefKind.Alias(TypeId target)
                                    && target instanceof TypeId
                                    && !b.type(target).owner().equals(b.type(t).owner())
                            ? 1
                            : 2;
                case WorldItem.FunctionItem(WitFunction f) -> f.resource() == null ? 3 : 4;
            };
        }

        private void elaborateImport(Map<WorldKey, WorldItem> into, WorldKey key, WorldItem.InterfaceItem item) {
            if (into.containsKey(key)) {
                return;
            }
            for (InterfaceId dep : interfaceDeps(item.id())) {
                elaborateImport(
                        into, new WorldKey.Interface(dep), new WorldItem.InterfaceItem(dep, null, item.stability()));
            }
            into.put(key, item);
        }

        private void importDepsOfExport(
                InterfaceId id, Map<WorldKey, WorldItem> imports, Set<InterfaceId> exported, Set<InterfaceId> seen) {
            if (!seen.add(id)) {
                return;
            }
            for (InterfaceId dep : interfaceDeps(id)) {
                if (exported.contains(dep)) {
                    importDepsOfExport(dep, imports, exported, seen);
                } else {
                    elaborateImport(
                            imports,
                            new WorldKey.Interface(dep),
                            new WorldItem.InterfaceItem(dep, null, Stability.UNKNOWN));
                }
            }
        }

        private List<InterfaceId> interfaceDeps(InterfaceId id) {
            List<InterfaceId> deps = new ArrayList<>();
            for (TypeId t : b.iface(id).types().values()) {
                if (b.type(t).kind() instanceof TypeDefKind.Alias(TypeId target)
                        && b.type(target).owner() instanceof TypeOwner.OfInterface(InterfaceId other)
                        && !other.equals(id)
                        && !deps.contains(other)) {
                    deps.add(other);
                }
            }
            return deps;
        }
    }
}
