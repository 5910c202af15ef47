package dev.wreg.composer.encode;

import dev.wreg.composer.CompositionException;
import dev.wreg.composer.graph.CompositionGraph;
import dev.wreg.composer.graph.CompositionGraph.Argument;
import dev.wreg.composer.graph.CompositionGraph.GraphExport;
import dev.wreg.composer.graph.CompositionGraph.Instantiation;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.composer.plug.InterfaceNames;
import dev.wreg.composer.plug.Plugger;
import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Bytes;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentEncoder;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Instance;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.binary.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes a {@link CompositionGraph} as one component, in wac's layout: the imports nobody
 * provides (one per name, semver-compatible names merged to the highest version), each package
 * once as a nested component, one {@code instantiate … with} per instantiation fed by aliases of
 * earlier instances' exports, the root's exports re-exported, and a {@code component-name}
 * section. Nothing else is emitted at the top level: linking is pure component-level wiring.
 */
public final class GraphEncoder {
    /** The encoded component and the names of the imports it kept open. */
    public record Encoded(byte[] bytes, Component model, List<String> imports, List<String> exports) {}

    private final CompositionGraph graph;
    private final List<SourceIndex> sources = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private int typeCount;
    private int instanceCount;
    private int funcCount;
    private int componentCount;
    /** Result import name → (index, sort) once imported. */
    private final Map<String, SortIndex> imported = new LinkedHashMap<>();
    /** Callee import name → the result import it is merged into. */
    private final Map<String, String> mergedName = new HashMap<>();
    /** One package's declaration of an open import: the package index, its own name and type for it. */
    private record Declaration(int pkg, String name, Import imp) {}

    /** The declaration each result import's type is copied from (the base of a union). */
    private final Map<String, Declaration> typeSource = new HashMap<>();
    /**
     * Declarations whose exports the base lacks, in order: their extra exports are added to the
     * base's instance type, so the result imports the union (wac's type aggregation).
     */
    private final Map<String, List<Declaration>> unionExtras = new HashMap<>();
    /** Every declaration merged into each result import. */
    private final Map<String, List<Declaration>> declarations = new LinkedHashMap<>();

    private final List<Map<Integer, Integer>> copiedTypes = new ArrayList<>();
    private int[] componentOf = new int[0];

    private GraphEncoder(CompositionGraph graph) {
        this.graph = graph;
        for (LoadedPackage p : graph.packages()) {
            sources.add(new SourceIndex(p.model()));
            copiedTypes.add(new HashMap<>());
        }
    }

    public static Encoded encode(CompositionGraph graph) {
        return new GraphEncoder(graph).run();
    }

    private Encoded run() {
        checkAcyclic();
        checkSharedTypes();
        ExportVisibility.check(graph);
        planImports();
        checkMergedDeclarations();
        // Imports first, in order of first use, each with the types it depends on.
        for (Instantiation inst : graph.instantiations()) {
            for (Import imp : graph.packages().get(inst.packageIndex()).model().imports()) {
                if (!inst.arguments().containsKey(imp.name().name())) {
                    ensureImport(mergedName.get(imp.name().name()));
                }
            }
        }
        componentOf = new int[graph.packages().size()];
        for (int p = 0; p < graph.packages().size(); p++) {
            sections.add(new Section.NestedComponent(graph.packages().get(p).model()));
            componentOf[p] = componentCount++;
        }
        int[] instanceIndex = new int[graph.instantiations().size()];
        Map<Integer, String> instanceNames = new LinkedHashMap<>();
        for (int i = 0; i < graph.instantiations().size(); i++) {
            Instantiation inst = graph.instantiations().get(i);
            List<Instance.Arg> args = new ArrayList<>();
            for (Import imp : graph.packages().get(inst.packageIndex()).model().imports()) {
                String name = imp.name().name();
                Argument a = inst.arguments().get(name);
                SortIndex item;
                if (a == null) {
                    item = imported.get(mergedName.get(name));
                } else if (a.isWholeInstance()) {
                    item = new SortIndex(Sort.INSTANCE, instanceIndex[a.instantiation()]);
                } else {
                    item = alias(a.sort(), instanceIndex[a.instantiation()], a.exportName());
                }
                args.add(new Instance.Arg(name, item));
            }
            sections.add(
                    new Section.Instances(List.of(new Instance.Instantiate(componentOf[inst.packageIndex()], args))));
            instanceIndex[i] = instanceCount++;
            instanceNames.put(instanceIndex[i], inst.name());
        }
        List<Export> exports = new ArrayList<>();
        if (graph.exports() == null) {
            LoadedPackage root = graph.packages()
                    .get(graph.instantiations().get(graph.root()).packageIndex());
            for (Export e : root.model().exports()) {
                SortIndex item = alias(
                        e.item().sort(), instanceIndex[graph.root()], e.name().name());
                exports.add(new Export(ExternName.of(e.name().name()), item, Optional.empty()));
                count(e.item().sort());
            }
        } else {
            for (GraphExport e : graph.exports()) {
                SortIndex item = e.exportName() == null
                        ? new SortIndex(Sort.INSTANCE, instanceIndex[e.instantiation()])
                        : alias(e.sort(), instanceIndex[e.instantiation()], e.exportName());
                exports.add(new Export(ExternName.of(e.as()), item, Optional.empty()));
                count(item.sort());
            }
        }
        if (!exports.isEmpty()) {
            sections.add(new Section.Exports(exports));
        }
        sections.add(new Section.Custom("component-name", Bytes.of(nameSection(instanceNames))));
        Component model = Component.of(sections);
        byte[] bytes = ComponentEncoder.encode(model);
        return new Encoded(
                bytes,
                model,
                List.copyOf(imported.keySet()),
                exports.stream().map(x -> x.name().name()).toList());
    }

    /**
     * Groups every unfilled import by name (or semver track), picks the declaration whose type
     * will be imported (one carrying the highest version's name, naming the most exports) and,
     * for instances, the declarations whose extra exports make the import their union.
     */
    private void planImports() {
        Map<String, String> renames = renames();
        Map<String, String> trackWinner = new LinkedHashMap<>();
        List<String[]> open = new ArrayList<>();
        for (Instantiation inst : graph.instantiations()) {
            for (Import imp : graph.packages().get(inst.packageIndex()).model().imports()) {
                String name = imp.name().name();
                if (inst.arguments().containsKey(name)) {
                    continue;
                }
                String resultName = renames.getOrDefault(name, name);
                String key = InterfaceNames.track(resultName).orElse(resultName);
                trackWinner.merge(key, resultName, (a, b) -> InterfaceNames.compareVersions(b, a) > 0 ? b : a);
                open.add(new String[] {name, key, String.valueOf(inst.packageIndex())});
            }
        }
        for (String[] o : open) {
            String winner = trackWinner.get(o[1]);
            mergedName.put(o[0], winner);
            int pkg = Integer.parseInt(o[2]);
            declarations
                    .computeIfAbsent(winner, k -> new ArrayList<>())
                    .add(new Declaration(pkg, o[0], importNamed(pkg, o[0])));
        }
        for (var e : declarations.entrySet()) {
            String winner = e.getKey();
            List<Declaration> all = e.getValue();
            Declaration base = null;
            for (Declaration d : all) {
                if (!sameKind(all.getFirst().imp().type(), d.imp().type())) {
                    throw new CompositionException(
                            "import-conflict",
                            "failed to merge the type definition for implicit import `" + winner
                                    + "` due to conflicting types");
                }
                boolean named = renames.getOrDefault(d.name(), d.name()).equals(winner);
                if (named
                        && (base == null
                                || exportNames(d).size() > exportNames(base).size())) {
                    base = d;
                }
            }
            typeSource.put(winner, base);
            if (!(base.imp().type() instanceof ExternType.Instance)) {
                continue;
            }
            java.util.Set<String> union = new java.util.HashSet<>(exportNames(base));
            List<Declaration> extras = new ArrayList<>();
            for (Declaration d : all) {
                if (!union.containsAll(exportNames(d))) {
                    extras.add(d);
                    union.addAll(exportNames(d));
                }
            }
            if (!extras.isEmpty()) {
                unionExtras.put(winner, extras);
            }
        }
    }

    /**
     * Every two declarations merged into one import must agree on what they both declare (an
     * instance export present on both sides, or the function itself), else wac's merge error.
     */
    private void checkMergedDeclarations() {
        for (var e : declarations.entrySet()) {
            String winner = e.getKey();
            List<Declaration> all = e.getValue();
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    Declaration a = all.get(i);
                    Declaration b = all.get(j);
                    if (a.pkg() == b.pkg() && a.name().equals(b.name())) {
                        continue; // one package instantiated twice declares it once
                    }
                    Plugger.checkImportsAgree(
                                    graph.packages().get(a.pkg()),
                                    a.name(),
                                    graph.packages().get(b.pkg()),
                                    b.name())
                            .ifPresent(chain -> {
                                throw new CompositionException(
                                        "import-conflict",
                                        "failed to merge the type definition for implicit import `" + winner
                                                + "` due to conflicting types: " + String.join(": ", chain));
                            });
                }
            }
        }
    }

    /**
     * Renames of open imports, merged over all instantiations: a callee import name is renamed
     * the same way everywhere, so two different renames of one name are refused.
     */
    private Map<String, String> renames() {
        Map<String, String> out = new HashMap<>();
        for (Instantiation inst : graph.instantiations()) {
            for (var e : inst.importAs().entrySet()) {
                String before = out.putIfAbsent(e.getKey(), e.getValue());
                if (before != null && !before.equals(e.getValue())) {
                    throw new CompositionException(
                            "import-conflict",
                            "import `" + e.getKey() + "` is imported both as `" + before + "` and as `" + e.getValue()
                                    + "`");
                }
            }
        }
        return out;
    }

    /** Arguments may only refer to earlier instantiations; anything else is a cycle (or a forward reference). */
    private void checkAcyclic() {
        for (int i = 0; i < graph.instantiations().size(); i++) {
            for (Argument a : graph.instantiations().get(i).arguments().values()) {
                if (a.instantiation() < 0 || a.instantiation() >= i) {
                    throw new CompositionException("cycle", "the graph contains a cycle and cannot be encoded");
                }
            }
        }
        if (graph.exports() != null) {
            for (GraphExport e : graph.exports()) {
                if (e.instantiation() < 0
                        || e.instantiation() >= graph.instantiations().size()) {
                    throw new CompositionException(
                            "invalid-export", "export `" + e.as() + "` refers to an instantiation that does not exist");
                }
            }
        }
    }

    /**
     * wac #149: an import that uses types of another import (WIT {@code use}) must get them from
     * the same place. Leaving it open while the other is plugged cannot be encoded; filling the
     * two from providers that do not share the resource gives "resource types are not the same".
     * Both are refused here, before encoding, naming the imports and the providers.
     */
    private void checkSharedTypes() {
        List<Map<String, List<TypeSharing.Use>>> uses = new ArrayList<>();
        for (LoadedPackage p : graph.packages()) {
            uses.add(TypeSharing.of(p.model()));
        }
        List<Instantiation> insts = graph.instantiations();
        for (Instantiation c : insts) {
            for (var entry : uses.get(c.packageIndex()).entrySet()) {
                String y = entry.getKey();
                Argument ay = c.arguments().get(y);
                for (TypeSharing.Use u : entry.getValue()) {
                    Argument ax = c.arguments().get(u.owner());
                    if (ay == null && ax == null) {
                        continue;
                    }
                    if (ay == null) {
                        throw new CompositionException(
                                "partial-plug",
                                "import `" + y + "` of `" + c.name() + "` stays open but uses type `" + u.typeName()
                                        + "` of `" + u.owner() + "`, which `"
                                        + insts.get(ax.instantiation()).name()
                                        + "` provides; plug `" + y + "` and `" + u.owner()
                                        + "` together, or leave both open");
                    }
                    if (!u.resource() || ay.isWholeInstance()) {
                        continue;
                    }
                    if (!sharesOwner(ay, u.owner(), ax, uses)) {
                        String xFrom = ax == null
                                ? "an import of the result"
                                : "`" + insts.get(ax.instantiation()).name() + "`";
                        throw new CompositionException(
                                "partial-plug",
                                "`" + insts.get(ay.instantiation()).name() + "` provides `" + y + "` of `" + c.name()
                                        + "` with its own resource `" + u.typeName() + "`, but `" + c.name()
                                        + "` gets `" + u.owner() + "` from " + xFrom
                                        + ": the resource types would not be the same; plug the whole set (`"
                                        + u.owner() + "`, `" + y + "`) from one component");
                    }
                }
            }
        }
    }

    /**
     * Whether the provider of {@code y} takes the owner interface from the same place the consumer
     * does: it exports both from one instance, or it imports the owner and was given the same item.
     */
    private boolean sharesOwner(Argument ay, String owner, Argument ax, List<Map<String, List<TypeSharing.Use>>> uses) {
        Instantiation q = graph.instantiations().get(ay.instantiation());
        if (ax != null && ax.instantiation() == ay.instantiation()) {
            return true;
        }
        for (Import imp : graph.packages().get(q.packageIndex()).model().imports()) {
            String n = imp.name().name();
            if (!InterfaceNames.compatible(n, owner) && !n.equals(owner)) {
                continue;
            }
            Argument qa = q.arguments().get(n);
            if (ax == null) {
                return qa == null;
            }
            return qa != null
                    && qa.instantiation() == ax.instantiation()
                    && java.util.Objects.equals(qa.exportName(), ax.exportName());
        }
        return false;
    }

    private static boolean sameKind(ExternType a, ExternType b) {
        return a.getClass().equals(b.getClass());
    }

    private List<String> exportNames(Declaration d) {
        List<String> out = new ArrayList<>();
        instanceType(d).ifPresent(it -> {
            for (TypeDecl decl : it.decls()) {
                if (decl instanceof TypeDecl.ExportDecl ed) {
                    out.add(ed.name().name());
                }
            }
        });
        return out;
    }

    /** The instance type a declaration imports, when it is an instance defined by a type. */
    private Optional<DefType.InstanceType> instanceType(Declaration d) {
        if (d.imp().type() instanceof ExternType.Instance i
                && sources.get(d.pkg()).types.get(i.typeIndex()) instanceof SourceIndex.TypeOrigin.Defined def
                && def.type() instanceof DefType.InstanceType it) {
            return Optional.of(it);
        }
        return Optional.empty();
    }

    private Import importNamed(int pkg, String name) {
        for (Import i : graph.packages().get(pkg).model().imports()) {
            if (i.name().name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no import " + name);
    }

    /** Imports the result import {@code name} (once), copying its type from the chosen package. */
    private SortIndex ensureImport(String name) {
        SortIndex done = imported.get(name);
        if (done != null) {
            return done;
        }
        Declaration source = typeSource.get(name);
        if (source == null) {
            throw new CompositionException(
                    "unsupported-import", "the type of import `" + name + "` depends on an import that was filled");
        }
        int pkg = source.pkg();
        Import imp = source.imp();
        ExternType copied;
        SortIndex item;
        switch (imp.type()) {
            case ExternType.Instance i -> {
                List<Declaration> extras = unionExtras.get(name);
                copied = new ExternType.Instance(
                        extras == null ? copyType(pkg, i.typeIndex()) : unionType(name, source, extras));
                item = new SortIndex(Sort.INSTANCE, instanceCount++);
            }
            case ExternType.Func f -> {
                copied = new ExternType.Func(copyType(pkg, f.typeIndex()));
                item = new SortIndex(Sort.FUNC, funcCount++);
            }
            case ExternType.Component c -> {
                copied = new ExternType.Component(copyType(pkg, c.typeIndex()));
                item = new SortIndex(Sort.COMPONENT, componentCount++);
            }
            case ExternType.Type t -> {
                copied = switch (t.bound()) {
                    case ExternType.TypeBound.Eq eq ->
                        new ExternType.Type(new ExternType.TypeBound.Eq(copyType(pkg, eq.typeIndex())));
                    case ExternType.TypeBound.SubResource r -> t;
                };
                item = new SortIndex(Sort.TYPE, typeCount++);
            }
            default ->
                throw new CompositionException(
                        "unsupported-import", "import `" + name + "` has a kind the composer cannot re-import");
        }
        sections.add(new Section.Imports(List.of(new Import(ExternName.of(name), copied))));
        imported.put(name, item);
        return item;
    }

    /**
     * Builds the union of several declarations of one instance import: the base's instance type,
     * then, from each extra declaration in turn, the exports not declared yet with the local types
     * they need. An export both sides declare (already checked to agree) keeps the base's
     * definition, and the extra declaration's references to it are pointed at the base's.
     */
    private int unionType(String name, Declaration base, List<Declaration> extras) {
        DefType.InstanceType baseType = instanceType(base).orElseThrow(() -> unsupportedUnion(name, base));
        List<TypeDecl> out = new ArrayList<>(decls(base.pkg(), baseType.decls(), 1));
        Map<String, Integer> typeExports = new HashMap<>();
        java.util.Set<String> declared = new java.util.HashSet<>();
        int localTypes = 0;
        for (TypeDecl d : out) {
            if (d instanceof TypeDecl.ExportDecl ed) {
                declared.add(ed.name().name());
                if (ed.type() instanceof ExternType.Type) {
                    typeExports.put(ed.name().name(), localTypes);
                }
            }
            if (definesType(d)) {
                localTypes++;
            }
        }
        for (Declaration extra : extras) {
            DefType.InstanceType type = instanceType(extra).orElseThrow(() -> unsupportedUnion(name, extra));
            // The extra declaration's local type index → the union's.
            List<Integer> local = new ArrayList<>();
            java.util.function.IntUnaryOperator at = i -> {
                if (i < 0 || i >= local.size()) {
                    throw unsupportedUnion(name, extra);
                }
                return local.get(i);
            };
            for (TypeDecl d : type.decls()) {
                switch (d) {
                    case TypeDecl.TypeDef(DefType t) -> {
                        out.add(new TypeDecl.TypeDef(localType(t, at, name, extra)));
                        local.add(localTypes++);
                    }
                    case TypeDecl.AliasDecl(Alias.Outer o)
                    when o.count() == 1 && o.sort().equals(Sort.TYPE) -> {
                        out.add(new TypeDecl.AliasDecl(
                                new Alias.Outer(Sort.TYPE, 1, copyType(extra.pkg(), o.index()))));
                        local.add(localTypes++);
                    }
                    case TypeDecl.ExportDecl ed
                    when ed.type() instanceof ExternType.CoreModule || ed.type() instanceof ExternType.Value ->
                        throw unsupportedUnion(name, extra);
                    case TypeDecl.ExportDecl ed -> {
                        String export = ed.name().name();
                        boolean isType = ed.type() instanceof ExternType.Type;
                        if (declared.contains(export)) {
                            if (isType) {
                                Integer same = typeExports.get(export);
                                if (same == null) {
                                    throw unsupportedUnion(name, extra);
                                }
                                local.add(same);
                            }
                            continue;
                        }
                        out.add(new TypeDecl.ExportDecl(ed.name(), localExtern(ed.type(), at)));
                        declared.add(export);
                        if (isType) {
                            typeExports.put(export, localTypes);
                            local.add(localTypes++);
                        }
                    }
                    default -> throw unsupportedUnion(name, extra);
                }
            }
        }
        sections.add(new Section.Types(List.of(new DefType.InstanceType(out))));
        return typeCount++;
    }

    /** Whether a declaration inside an instance type adds to its type index space. */
    private static boolean definesType(TypeDecl d) {
        return switch (d) {
            case TypeDecl.TypeDef t -> true;
            case TypeDecl.AliasDecl(Alias a) -> a.sort().equals(Sort.TYPE);
            case TypeDecl.ExportDecl ed -> ed.type() instanceof ExternType.Type;
            default -> false;
        };
    }

    private DefType localType(DefType t, java.util.function.IntUnaryOperator at, String name, Declaration from) {
        java.util.function.UnaryOperator<ValType> val =
                v -> v instanceof ValType.Ref r ? ValType.ref(at.applyAsInt(r.index())) : v;
        return switch (t) {
            case DefType.Func f ->
                new DefType.Func(
                        f.async(),
                        f.params().stream()
                                .map(p -> new DefType.Param(p.name(), val.apply(p.type())))
                                .toList(),
                        f.result().map(val));
            case DefValType v -> remapVal(v, val, at);
            default -> throw unsupportedUnion(name, from);
        };
    }

    private static ExternType localExtern(ExternType t, java.util.function.IntUnaryOperator at) {
        return switch (t) {
            case ExternType.Func f -> new ExternType.Func(at.applyAsInt(f.typeIndex()));
            case ExternType.Instance i -> new ExternType.Instance(at.applyAsInt(i.typeIndex()));
            case ExternType.Component c -> new ExternType.Component(at.applyAsInt(c.typeIndex()));
            case ExternType.Type(ExternType.TypeBound.Eq eq) ->
                new ExternType.Type(new ExternType.TypeBound.Eq(at.applyAsInt(eq.typeIndex())));
            default -> t;
        };
    }

    private CompositionException unsupportedUnion(String name, Declaration d) {
        return new CompositionException(
                "unsupported-import",
                "cannot merge the declaration of import `" + name + "` in `"
                        + graph.packages().get(d.pkg()).name()
                        + "` into the others: its instance type uses declarations the composer cannot merge");
    }

    /** Copies type {@code index} of package {@code pkg} (with what it refers to) and returns its new index. */
    private int copyType(int pkg, int index) {
        Integer done = copiedTypes.get(pkg).get(index);
        if (done != null) {
            return done;
        }
        SourceIndex src = sources.get(pkg);
        int result;
        switch (src.types.get(index)) {
            case SourceIndex.TypeOrigin.Defined d -> {
                DefType copy = remap(pkg, d.type());
                sections.add(new Section.Types(List.of(copy)));
                result = typeCount++;
            }
            case SourceIndex.TypeOrigin.ExportAlias a -> {
                if (!(src.instances.get(a.instance()) instanceof SourceIndex.InstanceOrigin.Imported imp)) {
                    throw new CompositionException(
                            "unsupported-import",
                            "an import of `" + graph.packages().get(pkg).name()
                                    + "` uses a type from a local instance, which cannot be re-imported");
                }
                SortIndex inst = ensureImport(mergedName.getOrDefault(imp.importName(), imp.importName()));
                sections.add(new Section.Aliases(List.of(new Alias.InstanceExport(Sort.TYPE, inst.index(), a.name()))));
                result = typeCount++;
            }
            case SourceIndex.TypeOrigin.Imported i ->
                result = ensureImport(mergedName.getOrDefault(i.importName(), i.importName()))
                        .index();
            case SourceIndex.TypeOrigin.Reexported r -> result = copyType(pkg, r.type());
            case SourceIndex.TypeOrigin.Other o ->
                throw new CompositionException(
                        "unsupported-import",
                        "an import type of `" + graph.packages().get(pkg).name() + "` is an " + o.what());
        }
        copiedTypes.get(pkg).put(index, result);
        return result;
    }

    private DefType remap(int pkg, DefType t) {
        return switch (t) {
            case DefType.Func f ->
                new DefType.Func(
                        f.async(),
                        f.params().stream()
                                .map(p -> new DefType.Param(p.name(), val(pkg, p.type())))
                                .toList(),
                        f.result().map(r -> val(pkg, r)));
            case DefType.InstanceType it -> new DefType.InstanceType(decls(pkg, it.decls(), 1));
            case DefType.ComponentType ct -> new DefType.ComponentType(decls(pkg, ct.decls(), 1));
            case DefType.Resource r ->
                throw new CompositionException("unsupported-import", "a resource definition cannot be imported");
            case DefValType v -> remapVal(v, x -> val(pkg, x), i -> copyType(pkg, i));
        };
    }

    private ValType val(int pkg, ValType v) {
        return v instanceof ValType.Ref r ? ValType.ref(copyType(pkg, r.index())) : v;
    }

    /** Inside a type body only outer aliases that reach the package's top level need remapping. */
    private List<TypeDecl> decls(int pkg, List<TypeDecl> decls, int depth) {
        List<TypeDecl> out = new ArrayList<>();
        for (TypeDecl d : decls) {
            out.add(
                    switch (d) {
                        case TypeDecl.AliasDecl(Alias.Outer o)
                        when o.count() == depth && o.sort().equals(Sort.TYPE) ->
                            new TypeDecl.AliasDecl(new Alias.Outer(o.sort(), o.count(), copyType(pkg, o.index())));
                        case TypeDecl.AliasDecl(Alias.Outer o)
                        when o.count() >= depth ->
                            throw new CompositionException(
                                    "unsupported-import",
                                    "an import type refers to an outer item the composer cannot copy");
                        case TypeDecl.TypeDef(DefType.InstanceType it) ->
                            new TypeDecl.TypeDef(new DefType.InstanceType(decls(pkg, it.decls(), depth + 1)));
                        case TypeDecl.TypeDef(DefType.ComponentType ct) ->
                            new TypeDecl.TypeDef(new DefType.ComponentType(decls(pkg, ct.decls(), depth + 1)));
                        default -> d;
                    });
        }
        return out;
    }

    static DefValType remapVal(
            DefValType v, java.util.function.UnaryOperator<ValType> val, java.util.function.IntUnaryOperator type) {
        return switch (v) {
            case DefValType.RecordType r ->
                new DefValType.RecordType(r.fields().stream()
                        .map(f -> new DefValType.Field(f.name(), val.apply(f.type())))
                        .toList());
            case DefValType.VariantType r ->
                new DefValType.VariantType(r.cases().stream()
                        .map(c -> new DefValType.Case(c.name(), c.type().map(val)))
                        .toList());
            case DefValType.ListType l -> new DefValType.ListType(val.apply(l.element()));
            case DefValType.FixedListType l -> new DefValType.FixedListType(val.apply(l.element()), l.length());
            case DefValType.TupleType t ->
                new DefValType.TupleType(t.types().stream().map(val).toList());
            case DefValType.OptionType o -> new DefValType.OptionType(val.apply(o.type()));
            case DefValType.ResultType r ->
                new DefValType.ResultType(r.ok().map(val), r.err().map(val));
            case DefValType.Own o -> new DefValType.Own(type.applyAsInt(o.resourceIndex()));
            case DefValType.Borrow b -> new DefValType.Borrow(type.applyAsInt(b.resourceIndex()));
            case DefValType.StreamType s ->
                new DefValType.StreamType(s.payload().map(val));
            case DefValType.FutureType f ->
                new DefValType.FutureType(f.payload().map(val));
            case DefValType.MapType m -> new DefValType.MapType(val.apply(m.key()), val.apply(m.value()));
            default -> v; // primitives, flags, enums carry no indices
        };
    }

    private SortIndex alias(Sort sort, int instance, String name) {
        sections.add(new Section.Aliases(List.of(new Alias.InstanceExport(sort, instance, name))));
        return new SortIndex(sort, next(sort));
    }

    private int next(Sort sort) {
        if (sort.equals(Sort.INSTANCE)) {
            return instanceCount++;
        } else if (sort.equals(Sort.FUNC)) {
            return funcCount++;
        } else if (sort.equals(Sort.TYPE)) {
            return typeCount++;
        } else if (sort.equals(Sort.COMPONENT)) {
            return componentCount++;
        }
        throw new CompositionException("unsupported-export", "cannot alias an export of sort " + sort);
    }

    /** Exports add to their sort's index space as well. */
    private void count(Sort sort) {
        next(sort);
    }

    /** component-name: subsection 1 naming the instances (socket, plug:…) and the nested packages. */
    private byte[] nameSection(Map<Integer, String> instanceNames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<Integer, String> components = new LinkedHashMap<>();
        for (int p = 0; p < graph.packages().size(); p++) {
            components.put(componentOf[p], graph.packages().get(p).name());
        }
        subsection(out, 0x04, components);
        subsection(out, 0x05, instanceNames);
        return out.toByteArray();
    }

    private static void subsection(ByteArrayOutputStream out, int sort, Map<Integer, String> names) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(sort);
        leb(body, names.size());
        for (var e : names.entrySet()) {
            leb(body, e.getKey());
            byte[] n = e.getValue().getBytes(StandardCharsets.UTF_8);
            leb(body, n.length);
            body.writeBytes(n);
        }
        out.write(1);
        leb(out, body.size());
        out.writeBytes(body.toByteArray());
    }

    private static void leb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }
}
