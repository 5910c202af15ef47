package dev.wreg.engine.runtime.internal;

import dev.wreg.engine.binary.Alias;
import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.CanonOption;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.CoreInstance;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.CoreSort;
import dev.wreg.engine.binary.DefType;
import dev.wreg.engine.binary.DefValType;
import dev.wreg.engine.binary.Export;
import dev.wreg.engine.binary.ExternType;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.PrimitiveType;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.binary.Sort;
import dev.wreg.engine.binary.SortIndex;
import dev.wreg.engine.binary.TypeDecl;
import dev.wreg.engine.binary.ValType;
import dev.wreg.engine.runtime.ComponentFunction;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.HostFunction;
import dev.wreg.engine.runtime.LinkException;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.abi.AsyncAbi;
import dev.wreg.engine.runtime.abi.CanonOptions;
import dev.wreg.engine.runtime.abi.ComponentState;
import dev.wreg.engine.runtime.abi.CoreFunction;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.abi.HandleTable;
import dev.wreg.engine.runtime.abi.ResourceType;
import dev.wreg.engine.runtime.abi.Task;
import dev.wreg.engine.runtime.abi.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import run.endive.runtime.ExportFunction;
import run.endive.runtime.ImportFunction;
import run.endive.runtime.ImportGlobal;
import run.endive.runtime.ImportMemory;
import run.endive.runtime.ImportTable;
import run.endive.runtime.ImportTag;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.TagInstance;
import run.endive.wasm.UnlinkableException;
import run.endive.wasm.WasmEngineException;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.GlobalImport;
import run.endive.wasm.types.MemoryImport;
import run.endive.wasm.types.TableImport;
import run.endive.wasm.types.TagImport;

/**
 * Evaluates a component's sections in order, building its index spaces (Explainer.md): core
 * modules are instantiated on Endive, canon lift/lower wrap functions with the canonical ABI,
 * nested components are instantiated recursively with their own handle tables. One instantiator
 * makes one top-level instance.
 */
public final class Instantiator {

    /** An instance type or component type definition, kept with the scope it was defined in. */
    record TypeDefs(DefType def, Scope scope) {}

    private final CoreEngine engine;
    private final Linker linker;
    private final AtomicReference<String> poison = new AtomicReference<>();
    private final List<String> unsatisfied = new ArrayList<>();
    private final LimitBudget budget;
    /** The store of the top-level instance: every nested instance shares it. */
    private final dev.wreg.engine.runtime.abi.Store store = new dev.wreg.engine.runtime.abi.Store(poison);

    public Instantiator(CoreEngine engine, Linker linker) {
        this.engine = engine;
        this.linker = linker;
        this.budget = new LimitBudget(linker.limits());
    }

    public dev.wreg.engine.runtime.abi.Store store() {
        return store;
    }

    public AtomicReference<String> poison() {
        return poison;
    }

    /** Instantiates the top-level component; its imports come from the linker. */
    public Map<String, Object> instantiateTop(Component c) {
        return instantiate(c, null, null, null);
    }

    private Map<String, Object> instantiate(Component c, Scope outer, Map<String, Object> args, ComponentState parent) {
        budget.countInstance();
        Scope s = new Scope(outer);
        ComponentState state = new ComponentState(new HandleTable(linker.maxHandles()), poison, parent, store);
        Map<String, Object> exports = new LinkedHashMap<>();
        // Imports are resolved first in a pass of their own at the top level, so every missing
        // one is reported together.
        if (args == null) {
            for (Import imp : c.imports()) {
                if (!(imp.type() instanceof ExternType.Type)) {
                    checkTopImport(imp, s);
                }
            }
        }
        for (Section section : c.sections()) {
            switch (section) {
                case Section.Custom x -> {}
                case Section.CoreModuleSection m -> s.coreModules.add(new Items.ModuleItem(module(m.module())));
                case Section.CoreInstances ci -> {
                    for (CoreInstance inst : ci.instances()) {
                        s.coreInstances.add(coreInstance(inst, s));
                    }
                }
                case Section.CoreTypes ct -> s.coreTypes.addAll(ct.types());
                case Section.NestedComponent n -> s.components.add(new Items.ComponentDef(n.component(), s));
                case Section.Instances is -> {
                    for (dev.wreg.engine.binary.Instance inst : is.instances()) {
                        s.instances.add(instance(inst, s, state));
                    }
                }
                case Section.Aliases as -> {
                    for (Alias a : as.aliases()) {
                        alias(a, s);
                    }
                }
                case Section.Types ts -> {
                    for (DefType t : ts.types()) {
                        s.types.add(defType(t, s, state, "type" + s.types.size()));
                    }
                }
                case Section.Canons cs -> {
                    for (Canon canon : cs.canons()) {
                        canon(canon, s, state);
                    }
                }
                case Section.Start st -> {
                    ComponentFunction f = ((Items.FuncItem) Scope.get(s.funcs, st.funcIndex(), "func")).func();
                    List<dev.wreg.engine.runtime.Val> vals = new ArrayList<>();
                    for (int v : st.args()) {
                        vals.add(((Items.ValueItem) Scope.get(s.values, v, "value")).value());
                    }
                    var results = f.call(vals);
                    for (var r : results) {
                        s.values.add(new Items.ValueItem(r));
                    }
                }
                case Section.Imports is -> {
                    for (Import imp : is.imports()) {
                        importItem(imp, s, args);
                    }
                }
                case Section.Exports es -> {
                    for (Export e : es.exports()) {
                        Object item = lookup(s, e.item());
                        if (item instanceof ResourceType rt && rt.name().startsWith("type")) {
                            rt = rt; // keep the generated name; exports only re-index it
                        }
                        s.space(e.item().sort()).add(item);
                        exports.put(e.name().name(), item);
                    }
                }
                case Section.Values vs -> throw new LinkException("value definitions (🪙) are not supported");
            }
        }
        if (args == null && !unsatisfied.isEmpty()) {
            throw new LinkException("unsatisfied imports: " + String.join(", ", unsatisfied), unsatisfied);
        }
        return exports;
    }

    private WasmModule module(CoreModule m) {
        return engine.module(m);
    }

    // ---------------------------------------------------------------- imports

    private void checkTopImport(Import imp, Scope s) {
        // Only reports; the real resolution happens in order in importItem.
    }

    private void importItem(Import imp, Scope s, Map<String, Object> args) {
        String name = imp.name().name();
        if (args != null) {
            Object arg = args.get(name);
            switch (imp.type()) {
                case ExternType.Type t
                when t.bound() instanceof ExternType.TypeBound.Eq eq -> {
                    s.types.add(Scope.get(s.types, eq.typeIndex(), "type"));
                    return;
                }
                default -> {}
            }
            if (arg == null) {
                throw new LinkException("missing import argument `" + name + "`");
            }
            switch (imp.type()) {
                case ExternType.Func f -> s.funcs.add(expectKind(arg, Items.FuncItem.class, name));
                case ExternType.Instance i -> s.instances.add(expectKind(arg, Items.InstanceItem.class, name));
                case ExternType.Component cc -> s.components.add(expectKind(arg, Items.ComponentDef.class, name));
                case ExternType.CoreModule cm -> s.coreModules.add(expectKind(arg, Items.ModuleItem.class, name));
                case ExternType.Value v -> s.values.add(expectKind(arg, Items.ValueItem.class, name));
                case ExternType.Type t -> s.types.add(expectKind(arg, ResourceType.class, name));
            }
            return;
        }
        switch (imp.type()) {
            case ExternType.Func f -> {
                FuncType ft = funcType(s, f.typeIndex());
                Optional<HostFunction> h = linker.function(name);
                if (h.isEmpty()) {
                    unsatisfied.add(name);
                    s.funcs.add(new Items.FuncItem(new Functions.Host(ft, a -> {
                        throw new ComponentTrap("import `" + name + "` is not satisfied");
                    })));
                } else {
                    s.funcs.add(new Items.FuncItem(new Functions.Host(ft, h.get())));
                }
            }
            case ExternType.Instance i -> {
                Optional<Linker.HostInstance> hi = linker.findInstance(name);
                if (hi.isEmpty()) {
                    unsatisfied.add(name);
                }
                Object t = Scope.get(s.types, i.typeIndex(), "type");
                if (!(t instanceof TypeDefs td) || !(td.def() instanceof DefType.InstanceType it)) {
                    throw new LinkException("import `" + name + "` does not have an instance type");
                }
                s.instances.add(hostInstance(name, it, td.scope(), hi.orElse(null)));
            }
            case ExternType.Type t -> {
                if (t.bound() instanceof ExternType.TypeBound.Eq eq) {
                    s.types.add(Scope.get(s.types, eq.typeIndex(), "type"));
                } else {
                    Optional<ResourceType> rt = linker.findResource(name);
                    if (rt.isEmpty()) {
                        unsatisfied.add(name);
                    }
                    s.types.add(rt.orElseGet(() -> ResourceType.host(name, null)));
                }
            }
            default -> {
                unsatisfied.add(name);
                s.space(sortOf(imp.type())).add(null);
            }
        }
    }

    private static Sort sortOf(ExternType t) {
        return switch (t) {
            case ExternType.CoreModule m -> Sort.core(CoreSort.MODULE);
            case ExternType.Func f -> Sort.FUNC;
            case ExternType.Value v -> Sort.VALUE;
            case ExternType.Type ty -> Sort.TYPE;
            case ExternType.Component c -> Sort.COMPONENT;
            case ExternType.Instance i -> Sort.INSTANCE;
        };
    }

    private static <T> T expectKind(Object arg, Class<T> c, String name) {
        if (!c.isInstance(arg)) {
            throw new LinkException("import argument `" + name + "` has the wrong kind: expected " + c.getSimpleName()
                    + ", got " + (arg == null ? "nothing" : arg.getClass().getSimpleName()));
        }
        return c.cast(arg);
    }

    /** Builds a host instance for an imported instance type, taking functions from the linker. */
    private Items.InstanceItem hostInstance(
            String name, DefType.InstanceType it, Scope defScope, Linker.HostInstance host) {
        Scope local = new Scope(defScope);
        Map<String, Object> exports = new LinkedHashMap<>();
        for (TypeDecl d : it.decls()) {
            switch (d) {
                case TypeDecl.CoreTypeDecl c -> local.coreTypes.add(c.type());
                case TypeDecl.TypeDef td -> local.types.add(defType(td.type(), local, null, "type"));
                case TypeDecl.AliasDecl ad -> alias(ad.alias(), local);
                case TypeDecl.ImportDecl id -> {}
                case TypeDecl.ExportDecl ed -> {
                    String en = ed.name().name();
                    switch (ed.type()) {
                        case ExternType.Func f -> {
                            FuncType ft = funcType(local, f.typeIndex());
                            Optional<HostFunction> h = host == null ? Optional.empty() : host.function(en);
                            if (host != null && h.isEmpty()) {
                                unsatisfied.add(name + "#" + en);
                            }
                            Items.FuncItem fi = new Items.FuncItem(new Functions.Host(ft, h.orElse(a -> {
                                throw new ComponentTrap("import `" + name + "#" + en + "` is not satisfied");
                            })));
                            local.funcs.add(fi);
                            exports.put(en, fi);
                        }
                        case ExternType.Type t -> {
                            Object type = t.bound() instanceof ExternType.TypeBound.Eq eq
                                    ? Scope.get(local.types, eq.typeIndex(), "type")
                                    : host != null ? host.resource(en) : ResourceType.host(en, null);
                            local.types.add(type);
                            exports.put(en, type);
                        }
                        case ExternType.Instance ni -> {
                            Object t = Scope.get(local.types, ni.typeIndex(), "type");
                            Items.InstanceItem sub =
                                    t instanceof TypeDefs td2 && td2.def() instanceof DefType.InstanceType it2
                                            ? hostInstance(name + "/" + en, it2, td2.scope(), host)
                                            : new Items.InstanceItem(Map.of());
                            local.instances.add(sub);
                            exports.put(en, sub);
                        }
                        default -> local.space(sortOf(ed.type())).add(null);
                    }
                }
            }
        }
        return new Items.InstanceItem(exports);
    }

    // ---------------------------------------------------------------- core instances

    private Items.CoreInstanceItem coreInstance(CoreInstance inst, Scope s) {
        return switch (inst) {
            case CoreInstance.FromExports fe -> {
                Map<String, Object> exports = new LinkedHashMap<>();
                for (CoreInstance.Export e : fe.exports()) {
                    exports.put(
                            e.name(),
                            Scope.get(
                                    s.core(e.item().sort()),
                                    e.item().index(),
                                    "core " + e.item().sort()));
                }
                yield new Items.CoreInstanceItem(exports);
            }
            case CoreInstance.Instantiate in -> {
                WasmModule mod =
                        ((Items.ModuleItem) Scope.get(s.coreModules, in.moduleIndex(), "core module")).module();
                Map<String, Items.CoreInstanceItem> args = new LinkedHashMap<>();
                for (CoreInstance.Arg a : in.args()) {
                    args.put(a.name(), (Items.CoreInstanceItem)
                            Scope.get(s.coreInstances, a.instanceIndex(), "core instance"));
                }
                yield instantiateCore(mod, args);
            }
        };
    }

    private Items.CoreInstanceItem instantiateCore(WasmModule mod, Map<String, Items.CoreInstanceItem> args) {
        budget.countInstance();
        budget.checkTables(mod);
        ImportValues.Builder iv = ImportValues.builder();
        var imports = mod.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var imp = imports.getImport(i);
            Items.CoreInstanceItem from = args.get(imp.module());
            String field = CoreModule.importName(imp.name());
            Object item = from == null ? null : from.exports().get(field);
            String what = "`" + imp.module() + "::" + field + "`";
            if (item == null) {
                throw new LinkException("core module import " + what + " is not provided");
            }
            switch (imp) {
                case FunctionImport fi -> {
                    CoreFunction fn =
                            expectKind(item, Items.CoreFunc.class, what).fn();
                    iv.addFunction(new ImportFunction(
                            imp.module(), imp.name(), mod.typeSection().getType(fi.typeIndex()), (inst, a) -> {
                                long[] r = fn.call(a);
                                return r == null ? new long[0] : r;
                            }));
                }
                case MemoryImport mi ->
                    iv.addMemory(new ImportMemory(
                            imp.module(),
                            imp.name(),
                            expectKind(item, Items.CoreMemory.class, what).memory()));
                case TableImport ti ->
                    iv.addTable(new ImportTable(
                            imp.module(),
                            imp.name(),
                            expectKind(item, Items.CoreTable.class, what).table()));
                case TagImport ti ->
                    iv.addTag(new ImportTag(imp.module(), imp.name(), (TagInstance)
                            expectKind(item, Items.CoreTag.class, what).tag()));
                case GlobalImport gi ->
                    iv.addGlobal(new ImportGlobal(
                            imp.module(),
                            imp.name(),
                            expectKind(item, Items.CoreGlobal.class, what).global()));
                default ->
                    throw new LinkException(
                            "core import " + what + " of kind " + imp.importType() + " is not supported");
            }
        }
        Instance instance;
        try {
            instance = engine.instanceBuilder(mod)
                    .withImportValues(iv.build())
                    .withMemoryFactory(budget::newMemory)
                    .withStart(false)
                    .build();
        } catch (UnlinkableException e) {
            throw new LinkException("core module cannot be linked: " + e.getMessage());
        } catch (ComponentTrap e) {
            throw e;
        } catch (WasmEngineException | StackOverflowError e) {
            ComponentTrap trap = Functions.asTrap(e);
            poison.compareAndSet(null, trap.getMessage());
            throw trap;
        }
        Map<String, Object> exports = new LinkedHashMap<>();
        var es = mod.exportSection();
        for (int i = 0; i < es.exportCount(); i++) {
            var e = es.getExport(i);
            String n = e.name();
            switch (e.exportType()) {
                case FUNCTION -> {
                    ExportFunction f = instance.export(n);
                    exports.put(n, new Items.CoreFunc(a -> f.apply(a)));
                }
                case MEMORY ->
                    exports.put(n, new Items.CoreMemory(instance.exports().memory(n)));
                case TABLE ->
                    exports.put(n, new Items.CoreTable(instance.exports().table(n)));
                case GLOBAL ->
                    exports.put(n, new Items.CoreGlobal(instance.exports().global(n)));
                case TAG -> exports.put(n, new Items.CoreTag(instance.tag(e.index())));
            }
        }
        return new Items.CoreInstanceItem(exports);
    }

    // ---------------------------------------------------------------- component instances

    private Items.InstanceItem instance(dev.wreg.engine.binary.Instance inst, Scope s, ComponentState state) {
        return switch (inst) {
            case dev.wreg.engine.binary.Instance.FromExports fe -> {
                Map<String, Object> exports = new LinkedHashMap<>();
                for (var e : fe.exports()) {
                    exports.put(e.name().name(), lookup(s, e.item()));
                }
                yield new Items.InstanceItem(exports);
            }
            case dev.wreg.engine.binary.Instance.Instantiate in -> {
                Object d = Scope.get(s.components, in.componentIndex(), "component");
                if (!(d instanceof Items.ComponentDef def)) {
                    throw new LinkException(
                            "component " + in.componentIndex() + " is not available (an unsatisfied import?)");
                }
                Map<String, Object> args = new LinkedHashMap<>();
                for (var a : in.args()) {
                    args.put(a.name(), lookup(s, a.item()));
                }
                yield new Items.InstanceItem(instantiate(def.component(), def.outer(), args, state));
            }
        };
    }

    private static Object lookup(Scope s, SortIndex si) {
        return Scope.get(s.space(si.sort()), si.index(), si.sort().toString());
    }

    private void alias(Alias a, Scope s) {
        switch (a) {
            case Alias.CoreInstanceExport ce -> {
                Object inst = Scope.get(s.coreInstances, ce.instanceIndex(), "core instance");
                Object item =
                        inst instanceof Items.CoreInstanceItem ci ? ci.exports().get(ce.name()) : null;
                if (item == null) {
                    throw new LinkException(
                            "core instance " + ce.instanceIndex() + " has no export `" + ce.name() + "`");
                }
                s.space(ce.sort()).add(item);
            }
            case Alias.InstanceExport ie -> {
                Object inst = Scope.get(s.instances, ie.instanceIndex(), "instance");
                Object item =
                        inst instanceof Items.InstanceItem ii ? ii.exports().get(ie.name()) : null;
                if (item == null
                        && inst instanceof Items.InstanceItem ii
                        && !ii.exports().containsKey(ie.name())) {
                    throw new LinkException("instance " + ie.instanceIndex() + " has no export `" + ie.name() + "`");
                }
                s.space(ie.sort()).add(item);
            }
            case Alias.Outer o ->
                s.space(o.sort()).add(Scope.get(s.outer(o.count()).space(o.sort()), o.index(), "outer"));
        }
    }

    // ---------------------------------------------------------------- types

    private FuncType funcType(Scope s, int index) {
        Object t = Scope.get(s.types, index, "type");
        if (t instanceof FuncType ft) {
            return ft;
        }
        throw new LinkException("type " + index + " is not a function type");
    }

    private Object defType(DefType t, Scope s, ComponentState state, String name) {
        return switch (t) {
            case DefValType dv -> valueType(dv, s);
            case DefType.Func f -> {
                List<String> names = new ArrayList<>();
                List<ValueType> params = new ArrayList<>();
                for (DefType.Param p : f.params()) {
                    names.add(p.name());
                    params.add(valType(p.type(), s));
                }
                yield new FuncType(
                        names, params, f.result().map(r -> valType(r, s)).orElse(null), f.async());
            }
            case DefType.ComponentType ct -> new TypeDefs(ct, s);
            case DefType.InstanceType it -> new TypeDefs(it, s);
            case DefType.Resource r -> {
                ResourceType rt = new ResourceType(name, state, null);
                if (r.destructor().isPresent()) {
                    CoreFunction dtor = ((Items.CoreFunc)
                                    Scope.get(s.coreFuncs, r.destructor().get(), "core func"))
                            .fn();
                    setDestructor(rt, rep -> dtor.call(rep));
                }
                yield rt;
            }
        };
    }

    private static void setDestructor(ResourceType rt, java.util.function.IntConsumer d) {
        ResourceTypes.setDestructor(rt, d);
    }

    ValueType valType(ValType v, Scope s) {
        return switch (v) {
            case PrimitiveType p -> prim(p);
            case ValType.Ref r -> {
                Object t = Scope.get(s.types, r.index(), "type");
                if (t instanceof ValueType vt) {
                    yield vt;
                }
                throw new LinkException("type " + r.index() + " is not a value type");
            }
        };
    }

    private static ValueType prim(PrimitiveType p) {
        return switch (p) {
            case BOOL -> ValueType.Prim.BOOL;
            case S8 -> ValueType.Prim.S8;
            case U8 -> ValueType.Prim.U8;
            case S16 -> ValueType.Prim.S16;
            case U16 -> ValueType.Prim.U16;
            case S32 -> ValueType.Prim.S32;
            case U32 -> ValueType.Prim.U32;
            case S64 -> ValueType.Prim.S64;
            case U64 -> ValueType.Prim.U64;
            case F32 -> ValueType.Prim.F32;
            case F64 -> ValueType.Prim.F64;
            case CHAR -> ValueType.Prim.CHAR;
            case STRING -> ValueType.Prim.STRING;
            case ERROR_CONTEXT -> new ValueType.ErrorContextT();
        };
    }

    private ValueType valueType(DefValType d, Scope s) {
        return switch (d) {
            case PrimitiveType p -> prim(p);
            case DefValType.RecordType r ->
                new ValueType.RecordT(
                        r.fields().stream().map(DefValType.Field::name).toList(),
                        r.fields().stream().map(f -> valType(f.type(), s)).toList());
            case DefValType.VariantType v ->
                new ValueType.VariantT(
                        v.cases().stream().map(DefValType.Case::name).toList(),
                        v.cases().stream()
                                .map(c -> c.type().map(x -> valType(x, s)).orElse(null))
                                .toList());
            case DefValType.ListType l -> new ValueType.ListT(valType(l.element(), s));
            case DefValType.TupleType t ->
                new ValueType.TupleT(t.types().stream().map(x -> valType(x, s)).toList());
            case DefValType.FlagsType f -> new ValueType.FlagsT(f.names());
            case DefValType.EnumType e -> new ValueType.EnumT(e.names());
            case DefValType.OptionType o -> new ValueType.OptionT(valType(o.type(), s));
            case DefValType.ResultType r ->
                new ValueType.ResultT(
                        r.ok().map(x -> valType(x, s)).orElse(null),
                        r.err().map(x -> valType(x, s)).orElse(null));
            case DefValType.Own o -> new ValueType.OwnT(resource(s, o.resourceIndex()));
            case DefValType.Borrow b -> new ValueType.BorrowT(resource(s, b.resourceIndex()));
            case DefValType.FixedListType f -> new ValueType.Unsupported("fixed-length lists");
            case DefValType.StreamType st ->
                new ValueType.StreamT(st.payload().map(x -> valType(x, s)).orElse(null));
            case DefValType.FutureType ft ->
                new ValueType.FutureT(ft.payload().map(x -> valType(x, s)).orElse(null));
            // map<k, v> has the canonical ABI of list<tuple<k, v>>.
            case DefValType.MapType mt ->
                new ValueType.ListT(new ValueType.TupleT(List.of(valType(mt.key(), s), valType(mt.value(), s))));
        };
    }

    private static ResourceType resource(Scope s, int index) {
        Object t = Scope.get(s.types, index, "type");
        if (t instanceof ResourceType rt) {
            return rt;
        }
        throw new LinkException("type " + index + " is not a resource type");
    }

    // ---------------------------------------------------------------- canon

    private CanonOptions options(List<CanonOption> opts, Scope s, FuncType type) {
        // The gc and core-type options change how values cross as GC references; a function that
        // passes no values crosses the same way with or without them.
        boolean carriesValues = !type.params().isEmpty() || !type.results().isEmpty();
        run.endive.runtime.Memory memory = null;
        CoreFunction realloc = null;
        CoreFunction postReturn = null;
        CanonOptions.Encoding enc = CanonOptions.Encoding.UTF8;
        String unsupported = null;
        for (CanonOption o : opts) {
            switch (o) {
                case CanonOption.StringEncoding e ->
                    enc = switch (e) {
                        case UTF8 -> CanonOptions.Encoding.UTF8;
                        case UTF16 -> CanonOptions.Encoding.UTF16;
                        case LATIN1_UTF16 -> CanonOptions.Encoding.LATIN1_UTF16;
                    };
                case CanonOption.Memory m ->
                    memory = ((Items.CoreMemory) Scope.get(s.coreMemories, m.memoryIndex(), "core memory")).memory();
                case CanonOption.Realloc r ->
                    realloc = ((Items.CoreFunc) Scope.get(s.coreFuncs, r.funcIndex(), "core func")).fn();
                case CanonOption.PostReturn p ->
                    postReturn = ((Items.CoreFunc) Scope.get(s.coreFuncs, p.funcIndex(), "core func")).fn();
                case CanonOption.Async a -> {} // see asyncOption
                case CanonOption.Callback c -> {} // see callback
                case CanonOption.Gc g -> {
                    if (carriesValues) {
                        unsupported = "the gc canonical option";
                    }
                }
                case CanonOption.CoreTypeOption c -> {
                    if (carriesValues) {
                        unsupported = "the core-type canonical option";
                    }
                }
            }
        }
        return new CanonOptions(memory, realloc, postReturn, enc, unsupported);
    }

    private void canon(Canon canon, Scope s, ComponentState state) {
        CoreFunction fn = switch (canon) {
            case Canon.Lift l -> {
                CoreFunction core = ((Items.CoreFunc) Scope.get(s.coreFuncs, l.coreFuncIndex(), "core func")).fn();
                FuncType ft = funcType(s, l.typeIndex());
                CanonOptions opts = options(l.options(), s, ft);
                Task.FuncInst lifted = opts.unsupported() != null
                        ? Functions.unsupportedLift(opts.unsupported())
                        : AsyncAbi.lift(state, ft, core, opts, isAsync(l.options()), callback(l.options(), s));
                s.funcs.add(new Items.FuncItem(new Functions.Lifted(state, ft, lifted)));
                yield null;
            }
            case Canon.Lower l -> {
                Object f = Scope.get(s.funcs, l.funcIndex(), "func");
                if (!(f instanceof Items.FuncItem fi)) {
                    throw new LinkException("func " + l.funcIndex() + " is not a function");
                }
                CanonOptions opts = options(l.options(), s, fi.func().type());
                yield opts.unsupported() != null
                        ? Functions.unsupportedBuiltin(state, opts.unsupported())
                        : Functions.lower(state, fi.func(), opts, isAsync(l.options()));
            }
            case Canon.TaskReturn tr -> {
                ValueType result = tr.result().map(r -> valType(r, s)).orElse(null);
                CanonOptions opts = options(tr.options(), s, new FuncType(List.of(), List.of(), result));
                yield opts.unsupported() != null
                        ? Functions.unsupportedBuiltin(state, opts.unsupported())
                        : AsyncAbi.taskReturn(state, result, opts);
            }
            case Canon.TaskCancel t -> AsyncAbi.taskCancel(state);
            case Canon.ContextGet cg -> AsyncAbi.context(state, cg.slot(), false);
            case Canon.ContextSet cs -> AsyncAbi.context(state, cs.slot(), true);
            case Canon.BackpressureInc b -> AsyncAbi.backpressure(state, +1);
            case Canon.BackpressureDec b -> AsyncAbi.backpressure(state, -1);
            case Canon.ThreadYield y -> AsyncAbi.threadYield(state, y.cancellable());
            case Canon.ThreadIndex t -> AsyncAbi.thread(state, AsyncAbi.ThreadOp.INDEX, false);
            case Canon.ThreadResumeLater t -> AsyncAbi.thread(state, AsyncAbi.ThreadOp.RESUME_LATER, false);
            case Canon.ThreadSuspend t -> AsyncAbi.thread(state, AsyncAbi.ThreadOp.SUSPEND, t.cancellable());
            case Canon.ThreadSuspendThenResume t ->
                AsyncAbi.thread(state, AsyncAbi.ThreadOp.SUSPEND_THEN_RESUME, t.cancellable());
            case Canon.ThreadYieldThenResume t ->
                AsyncAbi.thread(state, AsyncAbi.ThreadOp.YIELD_THEN_RESUME, t.cancellable());
            case Canon.ThreadSuspendThenPromote t ->
                AsyncAbi.thread(state, AsyncAbi.ThreadOp.SUSPEND_THEN_PROMOTE, t.cancellable());
            case Canon.ThreadYieldThenPromote t ->
                AsyncAbi.thread(state, AsyncAbi.ThreadOp.YIELD_THEN_PROMOTE, t.cancellable());
            case Canon.ThreadNewIndirect t ->
                AsyncAbi.threadNewIndirect(
                        state, ((Items.CoreTable) Scope.get(s.coreTables, t.tableIndex(), "core table")).table());
            case Canon.WaitableSetNew w -> AsyncAbi.waitableSetNew(state);
            case Canon.WaitableSetWait w ->
                AsyncAbi.waitableSetWait(state, w.cancellable(), coreMemory(s, w.memoryIndex()));
            case Canon.WaitableSetPoll w ->
                AsyncAbi.waitableSetPoll(state, w.cancellable(), coreMemory(s, w.memoryIndex()));
            case Canon.WaitableSetDrop w -> AsyncAbi.waitableSetDrop(state);
            case Canon.WaitableJoin w -> AsyncAbi.waitableJoin(state);
            case Canon.SubtaskCancel c -> AsyncAbi.subtaskCancel(state, c.async());
            case Canon.SubtaskDrop d -> AsyncAbi.subtaskDrop(state);
            case Canon.StreamNew n -> AsyncAbi.streamNew(state, streamElement(s, n.typeIndex()));
            case Canon.StreamRead r -> copy(state, s, true, r.typeIndex(), r.options(), false);
            case Canon.StreamWrite w -> copy(state, s, true, w.typeIndex(), w.options(), true);
            case Canon.StreamCancelRead c ->
                AsyncAbi.cancelCopy(state, streamElement(s, c.typeIndex()), true, false, c.async());
            case Canon.StreamCancelWrite c ->
                AsyncAbi.cancelCopy(state, streamElement(s, c.typeIndex()), true, true, c.async());
            case Canon.StreamDropReadable d -> AsyncAbi.dropEnd(state, streamElement(s, d.typeIndex()), true, false);
            case Canon.StreamDropWritable d -> AsyncAbi.dropEnd(state, streamElement(s, d.typeIndex()), true, true);
            case Canon.FutureNew n -> AsyncAbi.futureNew(state, futureElement(s, n.typeIndex()));
            case Canon.FutureRead r -> copy(state, s, false, r.typeIndex(), r.options(), false);
            case Canon.FutureWrite w -> copy(state, s, false, w.typeIndex(), w.options(), true);
            case Canon.FutureCancelRead c ->
                AsyncAbi.cancelCopy(state, futureElement(s, c.typeIndex()), false, false, c.async());
            case Canon.FutureCancelWrite c ->
                AsyncAbi.cancelCopy(state, futureElement(s, c.typeIndex()), false, true, c.async());
            case Canon.FutureDropReadable d -> AsyncAbi.dropEnd(state, futureElement(s, d.typeIndex()), false, false);
            case Canon.FutureDropWritable d -> AsyncAbi.dropEnd(state, futureElement(s, d.typeIndex()), false, true);
            case Canon.ErrorContextNew e -> AsyncAbi.errorContextNew(state, copyOptions(e.options(), s));
            case Canon.ErrorContextDebugMessage e ->
                AsyncAbi.errorContextDebugMessage(state, copyOptions(e.options(), s));
            case Canon.ErrorContextDrop e -> AsyncAbi.errorContextDrop(state);
            case Canon.ResourceNew rn -> {
                ResourceType rt = resource(s, rn.resourceIndex());
                yield a -> {
                    checkMayLeave(state);
                    return new long[] {state.handles().addOwn(rt, (int) a[0])};
                };
            }
            case Canon.ResourceRep rr -> {
                ResourceType rt = resource(s, rr.resourceIndex());
                yield a -> new long[] {state.handles().get((int) a[0], rt).rep()};
            }
            case Canon.ResourceDrop rd -> {
                ResourceType rt = resource(s, rd.resourceIndex());
                yield a -> {
                    checkMayLeave(state);
                    HandleTable.Entry e = state.handles().remove((int) a[0], rt);
                    if (e.own() && rt.destructor() != null) {
                        rt.destructor().accept(e.rep());
                    }
                    return new long[0];
                };
            }
            default -> Functions.unsupportedBuiltin(state, canon.getClass().getSimpleName());
        };
        if (fn != null) {
            s.coreFuncs.add(new Items.CoreFunc(fn));
        }
    }

    private static run.endive.runtime.Memory coreMemory(Scope s, int index) {
        return ((Items.CoreMemory) Scope.get(s.coreMemories, index, "core memory")).memory();
    }

    /** The options of a stream, future or error-context built-in: memory, realloc, encoding. */
    private CanonOptions copyOptions(List<CanonOption> opts, Scope s) {
        return options(opts, s, new FuncType(List.of(), List.of(), null));
    }

    /**
     * {@code stream.read}/{@code stream.write} ({@code stream}) or {@code future.read}/{@code
     * future.write}: the copy built-in for the element type at {@code typeIndex}.
     */
    private CoreFunction copy(
            ComponentState state, Scope s, boolean stream, int typeIndex, List<CanonOption> options, boolean write) {
        ValueType element = stream ? streamElement(s, typeIndex) : futureElement(s, typeIndex);
        CanonOptions opts = copyOptions(options, s);
        return stream
                ? AsyncAbi.streamCopy(state, element, opts, isAsync(options), write)
                : AsyncAbi.futureCopy(state, element, opts, isAsync(options), write);
    }

    private ValueType streamElement(Scope s, int typeIndex) {
        Object t = Scope.get(s.types, typeIndex, "type");
        if (t instanceof ValueType.StreamT st) {
            return st.element();
        }
        throw new LinkException("type " + typeIndex + " is not a stream type");
    }

    private ValueType futureElement(Scope s, int typeIndex) {
        Object t = Scope.get(s.types, typeIndex, "type");
        if (t instanceof ValueType.FutureT ft) {
            return ft.element();
        }
        throw new LinkException("type " + typeIndex + " is not a future type");
    }

    private static boolean isAsync(List<CanonOption> opts) {
        return opts.stream().anyMatch(o -> o instanceof CanonOption.Async);
    }

    private static CoreFunction callback(List<CanonOption> opts, Scope s) {
        for (CanonOption o : opts) {
            if (o instanceof CanonOption.Callback c) {
                return ((Items.CoreFunc) Scope.get(s.coreFuncs, c.funcIndex(), "core func")).fn();
            }
        }
        return null;
    }

    private static void checkMayLeave(ComponentState state) {
        if (!state.mayLeave()) {
            throw new ComponentTrap("cannot leave component instance (may_leave is false)");
        }
    }
}
