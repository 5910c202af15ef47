package dev.wreg.engine.wit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a {@link WitResolve} as WIT text, formatted as {@code wasm-tools component wit} formats
 * it: two-space indentation, a blank line between items, {@code use} statements first, world
 * imports before types before function imports before exports, keywords escaped with {@code %},
 * doc comments as {@code ///} lines and feature gates on their own lines. The main package is
 * written with {@code package ns:name;}, other packages follow in {@code package ns:name { .. }}
 * blocks.
 */
public final class WitPrinter {
    private static final Set<String> KEYWORDS = Set.of(
            "use",
            "type",
            "func",
            "u8",
            "u16",
            "u32",
            "u64",
            "s8",
            "s16",
            "s32",
            "s64",
            "f32",
            "f64",
            "float32",
            "float64",
            "char",
            "resource",
            "record",
            "flags",
            "variant",
            "enum",
            "bool",
            "string",
            "option",
            "result",
            "future",
            "stream",
            "list",
            "own",
            "borrow",
            "_",
            "as",
            "from",
            "static",
            "interface",
            "tuple",
            "world",
            "import",
            "export",
            "package",
            "with",
            "include",
            "constructor",
            "error-context",
            "async",
            "map");

    private final WitResolve resolve;
    private final boolean emitDocs;
    private final StringBuilder out = new StringBuilder();
    private int indent;
    private boolean needsIndent;
    // Whether an item was printed in the current block: the next one is preceded by a blank line.
    private boolean anyItems;

    private WitPrinter(WitResolve resolve, boolean emitDocs) {
        this.resolve = resolve;
        this.emitDocs = emitDocs;
    }

    /** The main package followed by every other package of the resolve, in resolve order. */
    public static String print(WitResolve resolve, PackageId main) {
        List<PackageId> nested = new ArrayList<>();
        for (int i = 0; i < resolve.packages().size(); i++) {
            if (i != main.index()) {
                nested.add(new PackageId(i));
            }
        }
        return print(resolve, main, nested, true);
    }

    /** The main package followed by {@code nested} packages in nested-package syntax. */
    public static String print(WitResolve resolve, PackageId main, List<PackageId> nested, boolean emitDocs) {
        WitPrinter p = new WitPrinter(resolve, emitDocs);
        p.printPackage(main, true);
        for (int i = 0; i < nested.size(); i++) {
            if (i > 0) {
                p.newline();
                p.newline();
            }
            p.printPackage(nested.get(i), false);
        }
        return p.out.toString();
    }

    /** One named interface, {@code interface name { .. }}, as it is printed inside its package. */
    public static String printInterface(WitResolve resolve, InterfaceId id, boolean emitDocs) {
        WitPrinter p = new WitPrinter(resolve, emitDocs);
        WitInterface iface = resolve.iface(id);
        p.docs(iface.docs());
        p.stability(iface.stability());
        p.str("interface ");
        p.name(iface.name());
        p.indentStart();
        p.printInterfaceBody(id);
        p.indentEnd();
        return p.out.toString();
    }

    // ---- output primitives (mirroring how the reference printer places indentation) ----

    private void indentIfNeeded() {
        if (needsIndent) {
            out.repeat("  ", indent);
            needsIndent = false;
        }
    }

    private void str(String s) {
        indentIfNeeded();
        out.append(s);
    }

    private void newline() {
        out.append('\n');
        needsIndent = true;
    }

    private void semicolon() {
        out.append(';');
        newline();
    }

    private void indentStart() {
        out.append(" {");
        indent++;
        newline();
    }

    private void indentEnd() {
        indent = Math.max(0, indent - 1);
        indentIfNeeded();
        out.append('}');
        newline();
    }

    private void newItem() {
        if (anyItems) {
            newline();
        }
        anyItems = true;
    }

    private void name(String name) {
        str(escape(name));
    }

    /** {@code %name} when the name is a WIT keyword. */
    public static String escape(String name) {
        return KEYWORDS.contains(name) ? "%" + name : name;
    }

    private void docs(String docs) {
        if (!emitDocs || docs == null || docs.isEmpty()) {
            return;
        }
        for (String line : docs.split("\n", -1)) {
            indentIfNeeded();
            out.append("///");
            if (!line.isEmpty()) {
                out.append(' ').append(line);
            }
            newline();
        }
    }

    private void stability(Stability s) {
        switch (s) {
            case Stability.Unknown u -> {}
            case Stability.Since(String since, String deprecated) -> {
                str("@since(version = " + since + ")");
                newline();
                deprecated(deprecated);
            }
            case Stability.Unstable(String feature, String deprecated) -> {
                str("@unstable(feature = " + feature + ")");
                newline();
                deprecated(deprecated);
            }
        }
    }

    private void deprecated(String version) {
        if (version != null) {
            str("@deprecated(version = " + version + ")");
            newline();
        }
    }

    // ---- packages, interfaces, worlds ----

    private void printPackage(PackageId id, boolean isMain) {
        WitPackage pkg = resolve.pkg(id);
        docs(pkg.docs());
        str("package ");
        name(pkg.name().namespace());
        str(":");
        name(pkg.name().name());
        if (pkg.name().version() != null) {
            str("@" + pkg.name().version());
        }
        if (isMain) {
            semicolon();
            newline();
        } else {
            indentStart();
        }
        for (Map.Entry<String, InterfaceId> e : pkg.interfaces().entrySet()) {
            WitInterface iface = resolve.iface(e.getValue());
            docs(iface.docs());
            stability(iface.stability());
            str("interface ");
            name(e.getKey());
            indentStart();
            printInterfaceBody(e.getValue());
            indentEnd();
            if (isMain) {
                newline();
            }
        }
        for (Map.Entry<String, WorldId> e : pkg.worlds().entrySet()) {
            WitWorld world = resolve.world(e.getValue());
            docs(world.docs());
            stability(world.stability());
            str("world ");
            name(e.getKey());
            indentStart();
            printWorldBody(e.getValue());
            indentEnd();
        }
        if (!isMain) {
            indentEnd();
        }
    }

    private void printInterfaceBody(InterfaceId id) {
        boolean prevItems = anyItems;
        anyItems = false;
        WitInterface iface = resolve.iface(id);
        Map<TypeId, List<WitFunction>> resourceFuncs = new LinkedHashMap<>();
        List<WitFunction> freestanding = new ArrayList<>();
        for (WitFunction f : iface.functions().values()) {
            if (f.resource() != null) {
                resourceFuncs
                        .computeIfAbsent(f.resource(), k -> new ArrayList<>())
                        .add(f);
            } else {
                freestanding.add(f);
            }
        }
        printTypes(new TypeOwner.OfInterface(id), iface.pkg(), iface.types(), resourceFuncs);
        for (WitFunction f : freestanding) {
            newItem();
            docs(f.docs());
            stability(f.stability());
            name(f.itemName());
            str(": ");
            printFunction(f);
            semicolon();
        }
        anyItems = prevItems;
    }

    private record UseGroup(TypeOwner owner, Stability stability, List<String[]> names) {}

    private void printTypes(
            TypeOwner owner, PackageId myPkg, Map<String, TypeId> types, Map<TypeId, List<WitFunction>> resourceFuncs) {
        List<TypeId> toDeclare = new ArrayList<>();
        List<UseGroup> toImport = new ArrayList<>();
        for (Map.Entry<String, TypeId> e : types.entrySet()) {
            TypeDef ty = resolve.type(e.getValue());
            if (ty.kind() instanceof TypeDefKind.Alias(TypeId other)) {
                TypeDef target = resolve.type(other);
                if (!(target.owner() instanceof TypeOwner.None)
                        && !target.owner().equals(owner)) {
                    if (target.name() == null) {
                        throw new IllegalArgumentException("cannot `use` an unnamed type");
                    }
                    String[] pair = {e.getKey(), target.name()};
                    UseGroup last = toImport.isEmpty() ? null : toImport.getLast();
                    if (last != null
                            && last.owner().equals(target.owner())
                            && last.stability().equals(ty.stability())) {
                        last.names().add(pair);
                    } else {
                        List<String[]> names = new ArrayList<>();
                        names.add(pair);
                        toImport.add(new UseGroup(target.owner(), ty.stability(), names));
                    }
                    continue;
                }
            }
            toDeclare.add(e.getValue());
        }
        for (UseGroup use : toImport) {
            anyItems = true;
            stability(use.stability());
            str("use ");
            if (!(use.owner() instanceof TypeOwner.OfInterface(InterfaceId from))) {
                throw new IllegalArgumentException("types can only be used from interfaces");
            }
            printPathToInterface(from, myPkg);
            str(".{");
            for (int i = 0; i < use.names().size(); i++) {
                if (i > 0) {
                    str(", ");
                }
                String[] pair = use.names().get(i);
                if (pair[0].equals(pair[1])) {
                    name(pair[0]);
                } else {
                    name(pair[1]);
                    str(" as ");
                    name(pair[0]);
                }
            }
            str("}");
            semicolon();
        }
        for (TypeId id : toDeclare) {
            newItem();
            TypeDef ty = resolve.type(id);
            docs(ty.docs());
            stability(ty.stability());
            if (ty.kind() instanceof TypeDefKind.Resource) {
                printResource(ty, resourceFuncs.getOrDefault(id, List.of()));
            } else {
                declareType(ty);
            }
        }
    }

    private void printResource(TypeDef ty, List<WitFunction> funcs) {
        str("resource ");
        name(ty.name());
        if (funcs.isEmpty()) {
            semicolon();
            return;
        }
        indentStart();
        for (WitFunction f : funcs) {
            docs(f.docs());
            stability(f.stability());
            switch (f.kind()) {
                case CONSTRUCTOR -> {}
                case METHOD -> {
                    name(f.itemName());
                    str(": ");
                }
                case STATIC -> {
                    name(f.itemName());
                    str(": static ");
                }
                case FREESTANDING -> throw new IllegalStateException("freestanding function on a resource");
            }
            printFunction(f);
            semicolon();
        }
        indentEnd();
    }

    private void printFunction(WitFunction f) {
        if (f.async()) {
            str("async ");
        }
        str(f.kind() == WitFunction.Kind.CONSTRUCTOR ? "constructor(" : "func(");
        int skip = f.kind() == WitFunction.Kind.METHOD ? 1 : 0;
        for (int i = skip; i < f.params().size(); i++) {
            if (i > skip) {
                str(", ");
            }
            name(f.params().get(i).name());
            str(": ");
            printTypeName(f.params().get(i).type());
        }
        str(")");
        if (isConstructorShorthand(f)) {
            return;
        }
        if (f.result() != null) {
            str(" -> ");
            printTypeName(f.result());
        }
    }

    private boolean isConstructorShorthand(WitFunction f) {
        return f.kind() == WitFunction.Kind.CONSTRUCTOR
                && f.result() instanceof TypeId id
                && resolve.type(id).kind() instanceof TypeDefKind.Handle(boolean borrow, TypeId res)
                && !borrow
                && res.equals(f.resource());
    }

    private void printWorldBody(WorldId id) {
        boolean prevItems = anyItems;
        anyItems = false;
        WitWorld world = resolve.world(id);
        PackageId pkg = world.pkg();
        Map<String, TypeId> types = new LinkedHashMap<>();
        Map<TypeId, List<WitFunction>> resourceFuncs = new LinkedHashMap<>();
        List<Map.Entry<WorldKey, WorldItem>> functionImports = new ArrayList<>();
        for (Map.Entry<WorldKey, WorldItem> e : world.imports().entrySet()) {
            switch (e.getValue()) {
                case WorldItem.TypeItem(TypeId tid) -> {
                    if (!(e.getKey() instanceof WorldKey.Name(String n))) {
                        throw new IllegalArgumentException("world type imports need a plain name");
                    }
                    types.put(n, tid);
                }
                case WorldItem.FunctionItem(WitFunction f) -> {
                    if (f.resource() != null) {
                        resourceFuncs
                                .computeIfAbsent(f.resource(), k -> new ArrayList<>())
                                .add(f);
                    } else {
                        functionImports.add(e);
                    }
                }
                case WorldItem.InterfaceItem item -> {
                    printWorldItem(e.getKey(), item, pkg, "import");
                    // no blank line between interface imports, but one after them
                    anyItems = true;
                }
            }
        }
        printTypes(new TypeOwner.OfWorld(id), pkg, types, resourceFuncs);
        for (Map.Entry<WorldKey, WorldItem> e : functionImports) {
            printWorldItem(e.getKey(), e.getValue(), pkg, "import");
            anyItems = true;
        }
        if (!world.exports().isEmpty()) {
            newItem();
        }
        for (Map.Entry<WorldKey, WorldItem> e : world.exports().entrySet()) {
            printWorldItem(e.getKey(), e.getValue(), pkg, "export");
        }
        anyItems = prevItems;
    }

    private void printWorldItem(WorldKey key, WorldItem item, PackageId pkg, String keyword) {
        switch (item) {
            case WorldItem.InterfaceItem(InterfaceId iid, String docs, Stability st) -> {
                if (docs != null) {
                    docs(docs);
                } else if (key instanceof WorldKey.Name) {
                    docs(resolve.iface(iid).docs());
                }
                stability(st);
            }
            case WorldItem.FunctionItem(WitFunction f) -> {
                docs(f.docs());
                stability(f.stability());
            }
            case WorldItem.TypeItem t -> throw new IllegalStateException("types are printed separately");
        }
        str(keyword + " ");
        switch (key) {
            case WorldKey.Name(String n) -> {
                switch (item) {
                    case WorldItem.InterfaceItem(InterfaceId iid, String d, Stability s) -> {
                        name(n);
                        str(": ");
                        if (resolve.iface(iid).name() == null) {
                            str("interface");
                            indentStart();
                            printInterfaceBody(iid);
                            indentEnd();
                        } else {
                            printPathToInterface(iid, pkg);
                            semicolon();
                        }
                    }
                    case WorldItem.FunctionItem(WitFunction f) -> {
                        name(f.name());
                        str(": ");
                        printFunction(f);
                        semicolon();
                    }
                    case WorldItem.TypeItem t -> throw new IllegalStateException("unreachable");
                }
            }
            case WorldKey.Interface(InterfaceId iid) -> {
                printPathToInterface(iid, pkg);
                semicolon();
            }
        }
    }

    private void printPathToInterface(InterfaceId id, PackageId curPkg) {
        WitInterface iface = resolve.iface(id);
        if (iface.name() == null) {
            throw new IllegalArgumentException("anonymous interface has no path");
        }
        if (curPkg != null && curPkg.equals(iface.pkg())) {
            name(iface.name());
        } else {
            WitPackageName pn = resolve.pkg(iface.pkg()).name();
            name(pn.namespace());
            str(":");
            name(pn.name());
            str("/");
            name(iface.name());
            if (pn.version() != null) {
                str("@" + pn.version());
            }
        }
    }

    // ---- types ----

    /** The WIT spelling of a type reference, e.g. {@code list<option<my-record>>}. */
    public static String typeName(WitResolve resolve, WitType type) {
        WitPrinter p = new WitPrinter(resolve, false);
        p.printTypeName(type);
        return p.out.toString();
    }

    private void printTypeName(WitType type) {
        switch (type) {
            case WitType.Primitive p -> str(p.witName());
            case TypeId id -> {
                TypeDef ty = resolve.type(id);
                if (ty.name() != null) {
                    name(ty.name());
                    return;
                }
                switch (ty.kind()) {
                    case TypeDefKind.Handle h -> printHandle(h, false);
                    case TypeDefKind.Tuple t -> printStructural(t);
                    case TypeDefKind.Option o -> printStructural(o);
                    case TypeDefKind.Result r -> printStructural(r);
                    case TypeDefKind.ListOf l -> printStructural(l);
                    case TypeDefKind.FixedList l -> printStructural(l);
                    case TypeDefKind.MapOf m -> printStructural(m);
                    case TypeDefKind.Future f -> printStructural(f);
                    case TypeDefKind.Stream st -> printStructural(st);
                    case TypeDefKind.Alias(WitType t) -> printTypeName(t);
                    case TypeDefKind.Resource r -> throw new IllegalArgumentException("unnamed resource type");
                    case TypeDefKind.Record r -> throw new IllegalArgumentException("unnamed record type");
                    case TypeDefKind.Flags f -> throw new IllegalArgumentException("unnamed flags type");
                    case TypeDefKind.Enum e -> throw new IllegalArgumentException("unnamed enum type");
                    case TypeDefKind.Variant v -> throw new IllegalArgumentException("unnamed variant type");
                }
            }
        }
    }

    /** The types WIT writes by their structure (tuple, option, result, lists, map, future, stream). */
    private void printStructural(TypeDefKind kind) {
        switch (kind) {
            case TypeDefKind.Tuple(List<WitType> types) -> printTuple(types);
            case TypeDefKind.Option(WitType t) -> {
                str("option<");
                printTypeName(t);
                str(">");
            }
            case TypeDefKind.Result r -> printResult(r);
            case TypeDefKind.ListOf(WitType t) -> {
                str("list<");
                printTypeName(t);
                str(">");
            }
            case TypeDefKind.FixedList(WitType t, long n) -> {
                str("list<");
                printTypeName(t);
                str(", " + n + ">");
            }
            case TypeDefKind.MapOf(WitType k, WitType v) -> {
                str("map<");
                printTypeName(k);
                str(", ");
                printTypeName(v);
                str(">");
            }
            case TypeDefKind.Future(WitType t) -> optionalPayload("future", t);
            case TypeDefKind.Stream(WitType t) -> optionalPayload("stream", t);
            default -> throw new IllegalStateException("not a structural type: " + kind);
        }
    }

    private void optionalPayload(String keyword, WitType payload) {
        str(keyword);
        if (payload != null) {
            str("<");
            printTypeName(payload);
            str(">");
        }
    }

    private void printHandle(TypeDefKind.Handle h, boolean forceOwn) {
        String resourceName = resolve.type(h.resource()).name();
        if (resourceName == null) {
            throw new IllegalArgumentException("unnamed resource type");
        }
        if (h.borrow()) {
            str("borrow<");
            name(resourceName);
            str(">");
        } else if (forceOwn) {
            str("own<");
            name(resourceName);
            str(">");
        } else {
            name(resourceName);
        }
    }

    private void printTuple(List<WitType> types) {
        str("tuple<");
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) {
                str(", ");
            }
            printTypeName(types.get(i));
        }
        str(">");
    }

    private void printResult(TypeDefKind.Result r) {
        if (r.ok() == null && r.err() == null) {
            str("result");
            return;
        }
        str("result<");
        if (r.ok() == null) {
            str("_, ");
            printTypeName(r.err());
        } else {
            printTypeName(r.ok());
            if (r.err() != null) {
                str(", ");
                printTypeName(r.err());
            }
        }
        str(">");
    }

    private void declareType(TypeDef ty) {
        if (ty.name() == null) {
            throw new IllegalArgumentException("unnamed type in a declaration list");
        }
        switch (ty.kind()) {
            case TypeDefKind.Handle h -> {
                str("type ");
                name(ty.name());
                str(" = ");
                printHandle(h, true);
                semicolon();
            }
            case TypeDefKind.Resource r -> throw new IllegalStateException("resources are printed separately");
            case TypeDefKind.Record(List<TypeDefKind.Field> fields) -> {
                str("record ");
                name(ty.name());
                indentStart();
                for (TypeDefKind.Field f : fields) {
                    docs(f.docs());
                    name(f.name());
                    str(": ");
                    printTypeName(f.type());
                    str(",");
                    newline();
                }
                indentEnd();
            }
            case TypeDefKind.Flags(List<TypeDefKind.Case> flags) -> {
                str("flags ");
                name(ty.name());
                cases(flags);
            }
            case TypeDefKind.Enum(List<TypeDefKind.Case> cases) -> {
                str("enum ");
                name(ty.name());
                cases(cases);
            }
            case TypeDefKind.Variant(List<TypeDefKind.VariantCase> cases) -> {
                str("variant ");
                name(ty.name());
                indentStart();
                for (TypeDefKind.VariantCase c : cases) {
                    docs(c.docs());
                    name(c.name());
                    if (c.type() != null) {
                        str("(");
                        printTypeName(c.type());
                        str(")");
                    }
                    str(",");
                    newline();
                }
                indentEnd();
            }
            case TypeDefKind.Tuple t -> alias(ty, t);
            case TypeDefKind.Option o -> alias(ty, o);
            case TypeDefKind.Result r -> alias(ty, r);
            case TypeDefKind.ListOf l -> alias(ty, l);
            case TypeDefKind.FixedList l -> alias(ty, l);
            case TypeDefKind.MapOf m -> alias(ty, m);
            case TypeDefKind.Future f -> alias(ty, f);
            case TypeDefKind.Stream s -> alias(ty, s);
            case TypeDefKind.Alias(WitType target) -> {
                str("type ");
                name(ty.name());
                str(" = ");
                printTypeName(target);
                semicolon();
            }
        }
    }

    private void cases(List<TypeDefKind.Case> cases) {
        indentStart();
        for (TypeDefKind.Case c : cases) {
            docs(c.docs());
            name(c.name());
            str(",");
            newline();
        }
        indentEnd();
    }

    /** {@code type name = <structural type>;} printed through an anonymous copy of the definition. */
    private void alias(TypeDef ty, TypeDefKind kind) {
        str("type ");
        name(ty.name());
        str(" = ");
        printStructural(kind);
        semicolon();
    }
}
