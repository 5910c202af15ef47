package dev.wreg.composer.plan;

import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.graph.CompositionGraph;
import dev.wreg.composer.graph.CompositionGraph.Argument;
import dev.wreg.composer.graph.CompositionGraph.GraphExport;
import dev.wreg.composer.graph.CompositionGraph.Instantiation;
import dev.wreg.composer.graph.CompositionGraph.Wiring;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.composer.plan.PlanSyntax.AccessExpr;
import dev.wreg.composer.plan.PlanSyntax.Arg;
import dev.wreg.composer.plan.PlanSyntax.Document;
import dev.wreg.composer.plan.PlanSyntax.ExportStatement;
import dev.wreg.composer.plan.PlanSyntax.Expr;
import dev.wreg.composer.plan.PlanSyntax.ImportStatement;
import dev.wreg.composer.plan.PlanSyntax.InferredArg;
import dev.wreg.composer.plan.PlanSyntax.LetStatement;
import dev.wreg.composer.plan.PlanSyntax.NameExpr;
import dev.wreg.composer.plan.PlanSyntax.NamedArg;
import dev.wreg.composer.plan.PlanSyntax.NewExpr;
import dev.wreg.composer.plan.PlanSyntax.Pos;
import dev.wreg.composer.plan.PlanSyntax.SpreadArg;
import dev.wreg.composer.plan.PlanSyntax.Statement;
import dev.wreg.composer.plug.InterfaceNames;
import dev.wreg.composer.plug.Plugger;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Sort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a plan top-down into a {@link CompositionGraph}: each {@code new} resolves its package
 * through the {@link PackageResolver} and becomes an instantiation; arguments are named, inferred
 * or spread with wac's rules, type-checked with the same checker as {@code plug}, and a trailing
 * {@code ...} leaves the rest as imports of the result. Errors carry {@code FILE:LINE:COLUMN} and
 * wac's wording.
 */
public final class PlanCompiler {

    /** The graph, the wiring table, and the packages resolved (display name → digest). */
    public record Compiled(
            CompositionGraph graph,
            List<Wiring> wiring,
            Map<String, String> packages,
            String packageName,
            String targets) {
        public Compiled {
            wiring = List.copyOf(wiring);
            packages = Map.copyOf(packages);
        }
    }

    /** What a local name is bound to. */
    private sealed interface Value {
        String kind();
    }

    /** The instance a {@code new} produced. */
    private record InstanceValue(int instantiation) implements Value {
        public String kind() {
            return "instance";
        }
    }

    /** One export of an instance. */
    private record ItemValue(int instantiation, String exportName, Sort sort) implements Value {
        public String kind() {
            return sort.equals(Sort.INSTANCE) ? "instance" : sort.equals(Sort.FUNC) ? "function" : "item";
        }
    }

    /** An explicit import: its name in the result and the interface path it names. */
    private record ImportValue(String id, String resultName, String path, Pos pos) implements Value {
        public String kind() {
            return "instance";
        }
    }

    private record Node(String name, LoadedPackage pkg, Map<String, Argument> args, Map<String, String> importAs) {}

    private final String file;
    private final PackageResolver resolver;
    private final long maxInputBytes;
    private final Map<String, Value> names = new HashMap<>();
    private final Map<String, Pos> definedAt = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Wiring> wiring = new ArrayList<>();
    private final Map<String, LoadedPackage> loaded = new HashMap<>();
    private final Map<String, String> resolvedDigests = new LinkedHashMap<>();
    private final LinkedHashMap<String, GraphExport> exports = new LinkedHashMap<>();
    private final Map<String, ImportValue> explicitImports = new LinkedHashMap<>();
    private final Set<String> usedImports = new LinkedHashSet<>();
    private String selfName;

    private PlanCompiler(String file, PackageResolver resolver, long maxInputBytes) {
        this.file = file;
        this.resolver = resolver;
        this.maxInputBytes = maxInputBytes;
    }

    public static Compiled compile(String file, String source, PackageResolver resolver, long maxInputBytes) {
        return compile(file, PlanParser.parse(file, source), resolver, maxInputBytes);
    }

    /** Compiles a plan already parsed (by {@link PlanParser#parse}) from {@code file}. */
    public static Compiled compile(String file, Document doc, PackageResolver resolver, long maxInputBytes) {
        return new PlanCompiler(file, resolver, maxInputBytes).run(doc);
    }

    private Compiled run(Document doc) {
        selfName = doc.packageName();
        for (Statement s : doc.statements()) {
            switch (s) {
                case ImportStatement i -> declareImport(i);
                case LetStatement l -> {
                    checkUndefined(l.id(), l.pos());
                    Value v = eval(l.expr(), l.id());
                    names.put(l.id(), v);
                    definedAt.put(l.id(), l.pos());
                }
                case ExportStatement e -> export(e);
            }
        }
        for (ImportValue i : explicitImports.values()) {
            if (!usedImports.contains(i.id())) {
                throw error(
                        i.pos(),
                        "plan-unsupported",
                        "import `" + i.id() + "` is not passed to any instantiation; wreg plans can only import"
                                + " what an instantiated component declares");
            }
        }
        checkImplicitImportConflicts();
        List<LoadedPackage> packages = new ArrayList<>();
        Map<String, Integer> byDigest = new HashMap<>();
        List<Instantiation> instantiations = new ArrayList<>();
        for (Node n : nodes) {
            int p = byDigest.computeIfAbsent(n.pkg().digest(), d -> {
                packages.add(n.pkg());
                return packages.size() - 1;
            });
            instantiations.add(new Instantiation(n.name(), p, n.args(), n.importAs()));
        }
        if (instantiations.isEmpty()) {
            throw error(doc.pos(), "plan-empty", "the plan instantiates no package");
        }
        CompositionGraph graph = new CompositionGraph(
                packages, instantiations, instantiations.size() - 1, List.copyOf(exports.values()));
        return new Compiled(graph, wiring, resolvedDigests, doc.packageName(), doc.targets());
    }

    // ------------------------------------------------------------------ statements

    private void declareImport(ImportStatement i) {
        checkUndefined(i.id(), i.pos());
        String resultName = i.as() != null ? i.as() : i.path();
        for (ImportValue other : explicitImports.values()) {
            if (other.resultName().equals(resultName)) {
                throw error(
                        i.pos(), "duplicate-import", "import name `" + resultName + "` already exists in the graph");
            }
        }
        ImportValue v = new ImportValue(i.id(), resultName, i.path(), i.pos());
        names.put(i.id(), v);
        definedAt.put(i.id(), i.pos());
        explicitImports.put(i.id(), v);
    }

    private void export(ExportStatement e) {
        Value v = eval(e.expr(), null);
        if (e.spread()) {
            if (!(v instanceof InstanceValue iv)) {
                throw error(e.pos(), "not-an-instance", "an instance is required to perform a spread operation");
            }
            boolean added = false;
            for (Export x : node(iv).pkg().model().exports()) {
                String n = x.name().name();
                if (!exports.containsKey(n)) {
                    exports.put(
                            n, new GraphExport(iv.instantiation(), n, x.item().sort(), n));
                    added = true;
                }
            }
            if (!added) {
                throw error(
                        e.pos(),
                        "export-no-effect",
                        "instance has no exports or all exports of the instance match previously exported names");
            }
            return;
        }
        String name;
        GraphExport ge;
        switch (v) {
            case ItemValue iv -> {
                name = e.as() != null ? e.as() : iv.exportName();
                ge = new GraphExport(iv.instantiation(), iv.exportName(), iv.sort(), name);
            }
            case InstanceValue iv -> {
                if (e.as() == null) {
                    throw error(
                            e.pos(),
                            "export-requires-as",
                            "export statement requires an `as` clause as the export name cannot be inferred");
                }
                name = e.as();
                ge = new GraphExport(iv.instantiation(), null, Sort.INSTANCE, name);
            }
            case ImportValue iv ->
                throw error(
                        e.pos(),
                        "plan-unsupported",
                        "exporting an import (`" + iv.id() + "`) is not supported in wreg plans");
        }
        if (!validExternName(name)) {
            throw error(e.pos(), "invalid-export-name", "export name `" + name + "` is not valid");
        }
        for (String existing : exports.keySet()) {
            if (existing.equals(name) || strongKey(existing).equals(strongKey(name))) {
                throw error(e.pos(), "duplicate-export", "duplicate export `" + name + "`");
            }
        }
        exports.put(name, ge);
    }

    // ------------------------------------------------------------------ expressions

    private Value eval(Expr expr, String bindName) {
        return switch (expr) {
            case NameExpr n -> lookup(n.id(), n.pos());
            case NewExpr n -> instantiate(n, bindName);
            case AccessExpr a -> access(a);
        };
    }

    private Value lookup(String id, Pos pos) {
        Value v = names.get(id);
        if (v == null) {
            throw error(pos, "undefined-name", "undefined name `" + id + "`");
        }
        return v;
    }

    private Value access(AccessExpr a) {
        Value target = eval(a.target(), null);
        if (!(target instanceof InstanceValue iv)) {
            throw error(
                    a.pos(),
                    target instanceof ImportValue ? "plan-unsupported" : "not-an-instance",
                    target instanceof ImportValue
                            ? "accessing the exports of an import is not supported in wreg plans"
                            : "an instance is required to perform an access operation");
        }
        List<Export> all = node(iv).pkg().model().exports();
        String name = a.name();
        if (!a.exact()) {
            List<String> ending = all.stream()
                    .map(x -> x.name().name())
                    .filter(n -> pathEndsWith(n, a.name()))
                    .toList();
            if (ending.size() == 1) {
                name = ending.getFirst();
            }
        }
        for (Export x : all) {
            if (x.name().name().equals(name)) {
                return new ItemValue(iv.instantiation(), name, x.item().sort());
            }
        }
        throw error(a.pos(), "missing-export", "the instance has no export named `" + name + "`");
    }

    private Value instantiate(NewExpr n, String bindName) {
        if (n.packageName().equals(selfName)) {
            throw error(n.pos(), "self-instantiation", "cannot instantiate the package being defined");
        }
        LoadedPackage pkg = load(n);
        String display = pkg.name();
        Map<String, Import> imports = new LinkedHashMap<>();
        for (Import i : pkg.model().imports()) {
            imports.put(i.name().name(), i);
        }
        int self = nodes.size();
        String nodeName = bindName != null ? bindName : uniqueNodeName(n.packageName());
        Map<String, Argument> args = new LinkedHashMap<>();
        Map<String, String> importAs = new LinkedHashMap<>();
        Set<String> satisfied = new LinkedHashSet<>();
        List<SpreadArg> spreads = new ArrayList<>();
        for (Arg arg : n.args()) {
            switch (arg) {
                case SpreadArg s -> spreads.add(s);
                case NamedArg na -> {
                    String name = na.verbatim()
                            ? na.name()
                            : uniqueEndingWith(imports, na.name()).orElse(na.name());
                    Value v = eval(na.value(), null);
                    bind(pkg, display, imports, name, v, satisfied, args, importAs, nodeName, na.pos());
                }
                case InferredArg ia -> {
                    Value v = lookup(ia.id(), ia.pos());
                    String name = inferName(imports, ia.id(), v);
                    bind(pkg, display, imports, name, v, satisfied, args, importAs, nodeName, ia.pos());
                }
            }
        }
        for (SpreadArg s : spreads) {
            Value v = lookup(s.id(), s.pos());
            if (!(v instanceof InstanceValue iv)) {
                throw error(s.pos(), "not-an-instance", "an instance is required to perform a spread operation");
            }
            boolean any = false;
            for (String importName : imports.keySet()) {
                if (satisfied.contains(importName)) {
                    continue;
                }
                Optional<Export> match = matchingExport(node(iv).pkg(), importName, imports.get(importName));
                if (match.isPresent()) {
                    Export x = match.get();
                    bind(
                            pkg,
                            display,
                            imports,
                            importName,
                            new ItemValue(
                                    iv.instantiation(),
                                    x.name().name(),
                                    x.item().sort()),
                            satisfied,
                            args,
                            importAs,
                            nodeName,
                            s.pos());
                    any = true;
                }
            }
            if (!any) {
                throw error(
                        s.pos(),
                        "spread-no-match",
                        "the instance has no matching exports for the remaining unsatisfied arguments");
            }
        }
        if (!n.fill()) {
            for (String importName : imports.keySet()) {
                if (!satisfied.contains(importName)) {
                    throw error(
                            n.pos(),
                            "missing-argument",
                            "missing instantiation argument `" + importName + "` for package `" + n.packageName()
                                    + "`");
                }
            }
        }
        nodes.add(new Node(nodeName, pkg, args, importAs));
        return new InstanceValue(self);
    }

    /** Checks and records one argument. */
    private void bind(
            LoadedPackage pkg,
            String display,
            Map<String, Import> imports,
            String name,
            Value v,
            Set<String> satisfied,
            Map<String, Argument> args,
            Map<String, String> importAs,
            String nodeName,
            Pos pos) {
        Import imp = imports.get(name);
        if (imp == null) {
            throw error(pos, "unknown-argument", "component `" + display + "` has no import named `" + name + "`");
        }
        if (!satisfied.add(name)) {
            throw error(pos, "duplicate-argument", "duplicate instantiation argument `" + name + "`");
        }
        switch (v) {
            case ItemValue iv -> {
                Sort want = sortOf(imp.type());
                if (!iv.sort().equals(want)) {
                    throw mismatch(pos, name, "expected " + sortName(want) + ", found " + sortName(iv.sort()));
                }
                LoadedPackage provider = nodes.get(iv.instantiation()).pkg();
                Plugger.checkTypes(pkg, name, provider, iv.exportName()).ifPresent(chain -> {
                    throw mismatch(pos, name, String.join(": ", chain));
                });
                args.put(name, new Argument(iv.instantiation(), iv.exportName(), iv.sort()));
                wiring.add(new Wiring(nodeName, name, node(iv.instantiation()).name(), iv.exportName()));
            }
            case InstanceValue iv -> {
                if (!(imp.type() instanceof ExternType.Instance)) {
                    throw mismatch(pos, name, "expected " + sortName(sortOf(imp.type())) + ", found instance");
                }
                Plugger.checkWholeInstance(pkg, name, node(iv.instantiation()).pkg())
                        .ifPresent(chain -> {
                            throw mismatch(pos, name, String.join(": ", chain));
                        });
                args.put(name, Argument.wholeInstance(iv.instantiation()));
                wiring.add(new Wiring(nodeName, name, node(iv.instantiation()).name(), "(the whole instance)"));
            }
            case ImportValue iv -> {
                if (!InterfaceNames.compatible(iv.path(), name) && !samePath(iv.path(), name)) {
                    throw mismatch(
                            pos,
                            name,
                            "import `" + iv.id() + "` is `" + iv.path()
                                    + "`; wreg passes an import only to an import of the same interface");
                }
                usedImports.add(iv.id());
                if (!iv.resultName().equals(name)) {
                    importAs.put(name, iv.resultName());
                }
                wiring.add(new Wiring(nodeName, name, "(import)", iv.resultName()));
            }
        }
    }

    /** wac's precedence for an inferred argument name. */
    private String inferName(Map<String, Import> imports, String id, Value v) {
        String path = switch (v) {
            case ImportValue iv -> iv.path();
            case ItemValue iv -> iv.exportName().contains("/") ? iv.exportName() : null;
            case InstanceValue iv -> null;
        };
        if (path != null) {
            if (imports.containsKey(path)) {
                return path;
            }
            for (String n : imports.keySet()) {
                if (InterfaceNames.compatible(n, path) || samePath(n, path)) {
                    return n;
                }
            }
        }
        String itemName = switch (v) {
            case ImportValue iv -> iv.resultName();
            case ItemValue iv -> iv.exportName();
            case InstanceValue iv -> null;
        };
        if (itemName != null && imports.containsKey(itemName)) {
            return itemName;
        }
        return uniqueEndingWith(imports, id).orElse(id);
    }

    private static Optional<String> uniqueEndingWith(Map<String, Import> imports, String id) {
        List<String> hits =
                imports.keySet().stream().filter(n -> pathEndsWith(n, id)).toList();
        return hits.size() == 1 ? Optional.of(hits.getFirst()) : Optional.empty();
    }

    /** {@code ns:pkg/a/b@1.0.0} ends with {@code b}. */
    private static boolean pathEndsWith(String name, String id) {
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        String last = name.substring(slash + 1);
        int at = last.indexOf('@');
        return (at < 0 ? last : last.substring(0, at)).equals(id);
    }

    private static boolean samePath(String a, String b) {
        return stripVersion(a).equals(stripVersion(b));
    }

    private static String stripVersion(String n) {
        int at = n.lastIndexOf('@');
        return at < 0 ? n : n.substring(0, at);
    }

    /** A spread fills an import from the export of the same name, or the highest on its semver track. */
    private static Optional<Export> matchingExport(LoadedPackage provider, String importName, Import imp) {
        Sort want = sortOf(imp.type());
        Export best = null;
        for (Export e : provider.model().exports()) {
            if (!e.item().sort().equals(want)) {
                continue;
            }
            String n = e.name().name();
            if (n.equals(importName)) {
                return Optional.of(e);
            }
            if (InterfaceNames.compatible(importName, n)
                    && (best == null
                            || InterfaceNames.compareVersions(n, best.name().name()) > 0)) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    private LoadedPackage load(NewExpr n) {
        String key = n.packageName() + "@" + n.requirement();
        LoadedPackage done = loaded.get(key);
        if (done != null) {
            return done;
        }
        PackageResolver.ResolvedPackage r;
        try {
            r = resolver.resolve(n.packageName(), n.requirement());
        } catch (CompositionException e) {
            throw error(n.pos(), e.code(), e.getMessage());
        }
        LoadedPackage p;
        try {
            p = LoadedPackage.load(new ComposeInput(r.display(), r.bytes()), maxInputBytes);
        } catch (CompositionException e) {
            throw error(n.pos(), e.code(), e.getMessage());
        }
        loaded.put(key, p);
        resolvedDigests.put(r.display(), p.digest());
        return p;
    }

    /** An explicit import whose name an instantiation also leaves open, but not through that import. */
    private void checkImplicitImportConflicts() {
        for (Node n : nodes) {
            for (Import i : n.pkg().model().imports()) {
                String callee = i.name().name();
                if (n.args().containsKey(callee)) {
                    continue;
                }
                String result = n.importAs().getOrDefault(callee, callee);
                for (ImportValue explicit : explicitImports.values()) {
                    if (explicit.resultName().equals(result) && !passedTo(explicit, n, callee)) {
                        throw error(
                                explicit.pos(),
                                "import-conflict",
                                "import `" + result + "` conflicts with an item that was implicitly imported by an"
                                        + " instantiation of `" + n.pkg().name() + "`");
                    }
                }
            }
        }
    }

    private boolean passedTo(ImportValue explicit, Node n, String callee) {
        return wiring.stream()
                .anyMatch(w -> w.consumer().equals(n.name())
                        && w.importName().equals(callee)
                        && w.provider().equals("(import)")
                        && w.providerExport().equals(explicit.resultName()));
    }

    // ------------------------------------------------------------------ helpers

    private Node node(InstanceValue v) {
        return nodes.get(v.instantiation());
    }

    private Node node(int i) {
        return nodes.get(i);
    }

    private String uniqueNodeName(String pkg) {
        String base = pkg.replace(':', '-');
        String name = base;
        int k = 2;
        while (names.containsKey(name) || nodeNamed(name)) {
            name = base + "-" + k++;
        }
        return name;
    }

    private boolean nodeNamed(String name) {
        return nodes.stream().anyMatch(n -> n.name().equals(name));
    }

    private void checkUndefined(String id, Pos pos) {
        if (names.containsKey(id)) {
            throw error(pos, "duplicate-name", "`" + id + "` is already defined");
        }
    }

    private static Sort sortOf(ExternType t) {
        return switch (t) {
            case ExternType.Instance i -> Sort.INSTANCE;
            case ExternType.Func f -> Sort.FUNC;
            case ExternType.Component c -> Sort.COMPONENT;
            case ExternType.Type ty -> Sort.TYPE;
            default -> Sort.VALUE;
        };
    }

    private static String sortName(Sort s) {
        if (s.equals(Sort.INSTANCE)) {
            return "instance";
        }
        if (s.equals(Sort.FUNC)) {
            return "function";
        }
        if (s.equals(Sort.TYPE)) {
            return "type";
        }
        if (s.equals(Sort.COMPONENT)) {
            return "component";
        }
        return "value";
    }

    /** A plain kebab name or an interface name {@code ns:pkg/iface[@version]}. */
    static boolean validExternName(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return isKebab(name);
        }
        String head = name.substring(0, slash);
        String tail = stripVersion(name.substring(slash + 1));
        int colon = head.indexOf(':');
        if (colon < 0) {
            return false;
        }
        if (name.lastIndexOf('@') > slash
                && name.substring(name.lastIndexOf('@') + 1).isEmpty()) {
            return false;
        }
        for (String part : head.split(":", -1)) {
            if (!isKebab(part)) {
                return false;
            }
        }
        for (String part : tail.split("/", -1)) {
            if (!isKebab(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKebab(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (String w : s.split("-", -1)) {
            if (w.isEmpty() || !Character.isLetter(w.charAt(0))) {
                return false;
            }
            boolean lower = w.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9');
            boolean upper = w.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9');
            if (!lower && !upper) {
                return false;
            }
        }
        return true;
    }

    /** Strong uniqueness: names that differ only in the case of acronyms clash. */
    private static String strongKey(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private CompositionException mismatch(Pos pos, String name, String chain) {
        return error(pos, "type-mismatch", "mismatched instantiation argument `" + name + "`: " + chain);
    }

    private CompositionException error(Pos pos, String code, String message) {
        return new CompositionException(code, file + ":" + pos + ": " + message);
    }
}
