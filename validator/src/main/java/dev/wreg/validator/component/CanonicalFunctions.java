package dev.wreg.validator.component;

import dev.wreg.engine.binary.Canon;
import dev.wreg.engine.binary.CanonOption;
import dev.wreg.engine.binary.CoreType;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.FuncTypeDefinition;
import dev.wreg.validator.component.ComponentTypes.FutureType;
import dev.wreg.validator.component.ComponentTypes.Param;
import dev.wreg.validator.component.ComponentTypes.StreamType;
import dev.wreg.validator.component.ComponentTypes.TypeDefinition;
import dev.wreg.validator.component.ComponentTypes.ValueType;
import dev.wreg.validator.component.ComponentTypes.ValueTypeDefinition;
import dev.wreg.validator.core.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * The {@code canon} definitions (Explainer.md, "Canonical definitions"; as wasm-tools checks
 * them): {@code lift} and {@code lower} against the flattened core signature or, with {@code gc},
 * the declared GC type; the resource built-ins on local resources; and the async, stream/future,
 * error-context, waitable and thread built-ins with their feature gates and core signatures.
 * Built-ins whose only rule is a feature gate and a fixed signature are one table.
 */
final class CanonicalFunctions {
    private static final CoreTypes.FuncType VOID = sig(List.of(), List.of());

    /** A built-in with nothing to check but its feature; it always has {@code signature}. */
    private record FixedBuiltin(String name, Feature feature, CoreTypes.FuncType signature) {}

    private static final Map<Class<? extends Canon>, FixedBuiltin> FIXED_BUILTINS = Map.ofEntries(
            fixed(Canon.BackpressureInc.class, "backpressure.inc", Feature.CM_ASYNC, VOID),
            fixed(Canon.BackpressureDec.class, "backpressure.dec", Feature.CM_ASYNC, VOID),
            fixed(Canon.TaskCancel.class, "task.cancel", Feature.CM_ASYNC, VOID),
            fixed(Canon.SubtaskDrop.class, "subtask.drop", Feature.CM_ASYNC, sig(i32s(1), List.of())),
            fixed(Canon.WaitableSetNew.class, "waitable-set.new", Feature.CM_ASYNC, sig(List.of(), i32s(1))),
            fixed(Canon.WaitableSetDrop.class, "waitable-set.drop", Feature.CM_ASYNC, sig(i32s(1), List.of())),
            fixed(Canon.WaitableJoin.class, "waitable.join", Feature.CM_ASYNC, sig(i32s(2), List.of())),
            fixed(Canon.ThreadYield.class, "thread.yield", Feature.CM_ASYNC, sig(List.of(), i32s(1))),
            fixed(
                    Canon.ErrorContextDrop.class,
                    "error-context.drop",
                    Feature.CM_ERROR_CONTEXT,
                    sig(i32s(1), List.of())),
            fixed(Canon.ThreadIndex.class, "thread.index", Feature.CM_THREADING, sig(List.of(), i32s(1))),
            fixed(Canon.ThreadResumeLater.class, "thread.resume-later", Feature.CM_THREADING, sig(i32s(1), List.of())),
            fixed(Canon.ThreadSuspend.class, "thread.suspend", Feature.CM_THREADING, sig(List.of(), i32s(1))),
            fixed(
                    Canon.ThreadSuspendThenResume.class,
                    "thread.suspend-then-resume",
                    Feature.CM_THREADING,
                    sig(i32s(1), i32s(1))),
            fixed(
                    Canon.ThreadYieldThenResume.class,
                    "thread.yield-then-resume",
                    Feature.CM_THREADING,
                    sig(i32s(1), i32s(1))),
            fixed(
                    Canon.ThreadSuspendThenPromote.class,
                    "thread.suspend-then-promote",
                    Feature.CM_THREADING,
                    sig(i32s(1), i32s(1))),
            fixed(
                    Canon.ThreadYieldThenPromote.class,
                    "thread.yield-then-promote",
                    Feature.CM_THREADING,
                    sig(i32s(1), i32s(1))),
            fixed(
                    Canon.ThreadAvailableParallelism.class,
                    "thread.available_parallelism",
                    Feature.SHARED_EVERYTHING_THREADS,
                    sig(List.of(), i32s(1))));

    private static Entry<Class<? extends Canon>, FixedBuiltin> fixed(
            Class<? extends Canon> type, String name, Feature feature, CoreTypes.FuncType signature) {
        return Map.entry(type, new FixedBuiltin(name, feature, signature));
    }

    /** The built-ins {@link #check} handles through the table (for the test that each has a rule). */
    static boolean isFixedBuiltin(Class<?> type) {
        return FIXED_BUILTINS.containsKey(type);
    }

    private final FeatureGate features;
    private final TypeIdentities ids;
    private final DefinedTypes types;
    private final CanonicalFlattening flattening = new CanonicalFlattening();

    CanonicalFunctions(FeatureGate features, TypeIdentities ids, DefinedTypes types) {
        this.features = features;
        this.ids = ids;
        this.types = types;
    }

    /** The feature gate of a built-in, worded as wasm-tools words it. */
    private void requireFor(String builtin, Feature feature) {
        String what = switch (feature) {
            case CM_ASYNC -> "the component model async feature";
            case CM_THREADING -> "the component model threading feature";
            case CM_ERROR_CONTEXT -> "the component model error-context feature";
            case SHARED_EVERYTHING_THREADS -> "the shared-everything-threads proposal";
            default -> "the " + feature.flagName() + " feature";
        };
        features.require(feature, "`" + builtin + "` requires " + what);
    }

    private static CoreTypes.FuncType sig(List<String> params, List<String> results) {
        return new CoreTypes.FuncType(params, results);
    }

    private static List<String> i32s(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("i32");
        }
        return l;
    }

    /** Checks one {@code canon} definition and adds the function it defines to its index space. */
    void check(Scope s, Canon c) {
        switch (c) {
            case Canon.Lift l -> {
                CoreTypes.FuncType core = Scope.at(s.coreFuncs, l.coreFuncIndex(), "func");
                TypeDefinition d = Scope.at(s.types, l.typeIndex(), "type");
                if (!(d instanceof FuncTypeDefinition fd)) {
                    throw new ComponentInvalid("type index " + l.typeIndex() + " is not a function type");
                }
                CanonicalOptions o = CanonicalOptions.parse(s, l.options(), features);
                if (o.coreType() != null) {
                    throw new ComponentInvalid("canonical option `core-type` is not allowed in `canon lift`");
                }
                if (o.async() && o.callback() == null) {
                    features.require(Feature.CM_ASYNC_STACKFUL, "requires the component model async stackful feature");
                }
                if (o.callback() != null) {
                    CoreTypes.FuncType cb = s.coreFuncs.get(o.callback());
                    if (!cb.params().equals(i32s(3)) && !cb.params().equals(i32s(1))) {
                        throw new ComponentInvalid(
                                "canonical option `callback` uses a core function with an incorrect signature");
                    }
                }
                if (o.async() && !fd.func().async()) {
                    throw new ComponentInvalid("the `async` canonical option requires an async function type");
                }
                if (!o.gc()) {
                    CoreTypes.FuncType expected = flattening.signature(fd.func(), o, CanonicalFlattening.Abi.LIFT);
                    if (o.postReturn() != null) {
                        CoreTypes.FuncType pr = s.coreFuncs.get(o.postReturn());
                        if (!pr.params().equals(core.results()) || !pr.results().isEmpty()) {
                            throw new ComponentInvalid(
                                    "canonical option `post-return` uses a core function with an incorrect signature");
                        }
                    }
                    if (!expected.equals(core)) {
                        throw new ComponentInvalid("lowered type mismatch: expected " + expected + ", found " + core);
                    }
                }
                s.funcs.add(fd.func());
            }
            case Canon.Lower l -> {
                FuncType f = Scope.at(s.funcs, l.funcIndex(), "func");
                CanonicalOptions o = CanonicalOptions.parse(s, l.options(), features);
                o.checkLower();
                if (o.gc() && o.coreType() == null) {
                    throw new ComponentInvalid(
                            "cannot specify `gc` without also specifying a `core-type` for lowerings");
                }
                if (o.async() && !f.async()) {
                    throw new ComponentInvalid("the `async` canonical option requires an async function type");
                }
                if (o.gc()) {
                    CoreTypes.FuncType declared = s.coreFuncType(o.coreType());
                    new GcLowering(s, o.encoding()).check(f, o.coreType());
                    s.coreFuncs.add(declared);
                } else {
                    s.coreFuncs.add(o.checkCoreType(s, flattening.signature(f, o, CanonicalFlattening.Abi.LOWER)));
                }
            }
            case Canon.ResourceNew r -> {
                String rep = localResource(s, r.resourceIndex());
                s.coreFuncs.add(sig(List.of(rep), List.of("i32")));
            }
            case Canon.ResourceDrop r -> {
                s.resource(r.resourceIndex());
                s.coreFuncs.add(sig(List.of("i32"), List.of()));
            }
            case Canon.ResourceRep r -> {
                String rep = localResource(s, r.resourceIndex());
                s.coreFuncs.add(sig(List.of("i32"), List.of(rep)));
            }
            case Canon.TaskReturn tr -> {
                requireFor("task.return", Feature.CM_ASYNC);
                List<Param> params = new ArrayList<>();
                if (tr.result().isPresent()) {
                    params.add(new Param("v", types.valType(s, tr.result().get())));
                }
                CanonicalOptions o = CanonicalOptions.parse(s, tr.options(), features);
                if (o.realloc() != null) {
                    throw new ComponentInvalid("cannot specify `realloc` option on `task.return`");
                }
                if (o.postReturn() != null) {
                    throw new ComponentInvalid("cannot specify `post-return` option on `task.return`");
                }
                o.checkLower();
                if (o.async()) {
                    throw new ComponentInvalid("cannot specify `async` option on `task.return`");
                }
                FuncType ft = new FuncType(false, params, null, 1);
                s.coreFuncs.add(
                        o.gc()
                                ? s.coreFuncType(o.coreType())
                                : o.checkCoreType(s, flattening.signature(ft, o, CanonicalFlattening.Abi.LOWER)));
            }
            case Canon.ContextGet g -> {
                requireFor("context.get", Feature.CM_ASYNC);
                String t = contextType(g.type(), "context.get");
                sameContextType(s, t);
                contextSlot(g.slot(), "context.get");
                s.coreFuncs.add(sig(List.of(), List.of(t)));
            }
            case Canon.ContextSet g -> {
                requireFor("context.set", Feature.CM_ASYNC);
                String t = contextType(g.type(), "context.set");
                sameContextType(s, t);
                contextSlot(g.slot(), "context.set");
                s.coreFuncs.add(sig(List.of(t), List.of()));
            }
            case Canon.SubtaskCancel sc -> {
                requireFor("subtask.cancel", Feature.CM_ASYNC);
                if (sc.async()) {
                    features.require(
                            Feature.CM_MORE_ASYNC_BUILTINS,
                            "async `subtask.cancel` requires the component model more async builtins feature");
                }
                s.coreFuncs.add(sig(i32s(1), i32s(1)));
            }
            case Canon.StreamNew sn -> s.coreFuncs.add(endpoint(s, sn.typeIndex(), "stream.new", true));
            case Canon.StreamRead sr ->
                s.coreFuncs.add(streamIo(s, sr.typeIndex(), sr.options(), "stream.read", true, 3));
            case Canon.StreamWrite sw ->
                s.coreFuncs.add(streamIo(s, sw.typeIndex(), sw.options(), "stream.write", true, 3));
            case Canon.StreamCancelRead x ->
                s.coreFuncs.add(cancel(s, x.typeIndex(), x.async(), "stream.cancel-read", true));
            case Canon.StreamCancelWrite x ->
                s.coreFuncs.add(cancel(s, x.typeIndex(), x.async(), "stream.cancel-write", true));
            case Canon.StreamDropReadable x ->
                s.coreFuncs.add(endpoint(s, x.typeIndex(), "stream.drop-readable", true));
            case Canon.StreamDropWritable x ->
                s.coreFuncs.add(endpoint(s, x.typeIndex(), "stream.drop-writable", true));
            case Canon.FutureNew fn -> s.coreFuncs.add(endpoint(s, fn.typeIndex(), "future.new", false));
            case Canon.FutureRead fr ->
                s.coreFuncs.add(streamIo(s, fr.typeIndex(), fr.options(), "future.read", false, 2));
            case Canon.FutureWrite fw ->
                s.coreFuncs.add(streamIo(s, fw.typeIndex(), fw.options(), "future.write", false, 2));
            case Canon.FutureCancelRead x ->
                s.coreFuncs.add(cancel(s, x.typeIndex(), x.async(), "future.cancel-read", false));
            case Canon.FutureCancelWrite x ->
                s.coreFuncs.add(cancel(s, x.typeIndex(), x.async(), "future.cancel-write", false));
            case Canon.FutureDropReadable x ->
                s.coreFuncs.add(endpoint(s, x.typeIndex(), "future.drop-readable", false));
            case Canon.FutureDropWritable x ->
                s.coreFuncs.add(endpoint(s, x.typeIndex(), "future.drop-writable", false));
            case Canon.ErrorContextNew e -> {
                requireFor("error-context.new", Feature.CM_ERROR_CONTEXT);
                CanonicalOptions o = CanonicalOptions.parse(s, e.options(), features);
                o.requireMemory();
                o.checkLower();
                if (o.async()) {
                    throw new ComponentInvalid("cannot specify `async` option on `error-context.new`");
                }
                s.coreFuncs.add(o.checkCoreType(s, sig(i32s(2), i32s(1))));
            }
            case Canon.ErrorContextDebugMessage e -> {
                requireFor("error-context.debug-message", Feature.CM_ERROR_CONTEXT);
                CanonicalOptions o = CanonicalOptions.parse(s, e.options(), features);
                o.requireRealloc();
                o.checkLower();
                if (o.async()) {
                    throw new ComponentInvalid("cannot specify `async` option on `error-context.debug-message`");
                }
                s.coreFuncs.add(o.checkCoreType(s, sig(i32s(2), List.of())));
            }
            case Canon.WaitableSetWait w -> s.coreFuncs.add(waitableSetWait(s, "waitable-set.wait", w.memoryIndex()));
            case Canon.WaitableSetPoll w -> s.coreFuncs.add(waitableSetWait(s, "waitable-set.poll", w.memoryIndex()));
            case Canon.ThreadNewIndirect t -> {
                requireFor("thread.new-indirect", Feature.CM_THREADING);
                CoreTypes.FuncType ft = s.coreFuncType(t.funcTypeIndex());
                if (!ft.params().equals(i32s(1)) || !ft.results().isEmpty()) {
                    throw new ComponentInvalid("start function must take a single `i32` argument");
                }
                CoreTypes.Table table = (CoreTypes.Table) Scope.at(s.tables, t.tableIndex(), "table");
                if (!table.element().contains("func")) {
                    throw new ComponentInvalid("table of `thread.new-indirect` must hold function references");
                }
                s.coreFuncs.add(sig(i32s(2), i32s(1)));
            }
            case Canon.ThreadSpawnRef t -> {
                requireFor("thread.spawn_ref", Feature.SHARED_EVERYTHING_THREADS);
                s.coreFuncType(t.funcTypeIndex());
                s.coreFuncs.add(sig(List.of("(ref null func)", "i32"), i32s(1)));
            }
            case Canon.ThreadSpawnIndirect t -> {
                requireFor("thread.spawn_indirect", Feature.SHARED_EVERYTHING_THREADS);
                s.coreFuncType(t.funcTypeIndex());
                Scope.at(s.tables, t.tableIndex(), "table");
                s.coreFuncs.add(sig(i32s(2), i32s(1)));
            }
            default -> {
                FixedBuiltin b = FIXED_BUILTINS.get(c.getClass());
                if (b == null) {
                    throw new IllegalStateException(
                            "no rule for " + c.getClass().getSimpleName());
                }
                requireFor(b.name(), b.feature());
                s.coreFuncs.add(b.signature());
            }
        }
    }

    /** {@code waitable-set.wait} and {@code .poll}: a set and a pointer into the given memory. */
    private CoreTypes.FuncType waitableSetWait(Scope s, String op, int memoryIndex) {
        requireFor(op, Feature.CM_ASYNC);
        return sig(List.of("i32", memPtr(s, memoryIndex)), i32s(1));
    }

    private String memPtr(Scope s, int memoryIndex) {
        CoreTypes.Memory m = (CoreTypes.Memory) Scope.at(s.memories, memoryIndex, "memory");
        if (m.is64()) {
            features.require(Feature.CM64, "64-bit memories require the cm64 feature");
            return "i64";
        }
        return "i32";
    }

    private String contextType(CoreType.ValType t, String op) {
        if (t == CoreType.NumType.I32) {
            return "i32";
        }
        if (t == CoreType.NumType.I64) {
            features.require(Feature.CM64, "`" + op + "` with `i64` requires the cm64 feature");
            return "i64";
        }
        throw new ComponentInvalid("`" + op + "` only supports `i32` or `i64`");
    }

    private static void sameContextType(Scope s, String t) {
        if (s.contextType == null) {
            s.contextType = t;
        } else if (!s.contextType.equals(t)) {
            throw new ComponentInvalid("type must match previous context type");
        }
    }

    private void contextSlot(int slot, String op) {
        if (slot > 0) {
            features.require(Feature.CM_THREADING, "`" + op + "` immediate must be zero: " + slot);
            if (slot > 1) {
                throw new ComponentInvalid("`" + op + "` immediate must be zero or one: " + slot);
            }
        }
    }

    private ValueType streamType(Scope s, int index, String op) {
        TypeDefinition d = Scope.at(s.types, index, "type");
        if (d instanceof ValueTypeDefinition v && v.type() instanceof StreamType) {
            return v.type();
        }
        throw new ComponentInvalid("`" + op + "` requires a stream type");
    }

    private ValueType futureType(Scope s, int index, String op) {
        TypeDefinition d = Scope.at(s.types, index, "type");
        if (d instanceof ValueTypeDefinition v && v.type() instanceof FutureType) {
            return v.type();
        }
        throw new ComponentInvalid("`" + op + "` requires a future type");
    }

    private CoreTypes.FuncType streamIo(
            Scope s, int index, List<CanonOption> opts, String op, boolean stream, int params) {
        requireFor(op, Feature.CM_ASYNC);
        ValueType t = stream ? streamType(s, index, op) : futureType(s, index, op);
        ValueType payload = t instanceof StreamType st ? st.payload() : ((FutureType) t).payload();
        CanonicalOptions o = CanonicalOptions.parse(s, opts, features);
        if (!o.async()) {
            features.require(
                    Feature.CM_MORE_ASYNC_BUILTINS,
                    "synchronous `" + op + "` requires the component model more async builtins feature");
        }
        if (payload != null) {
            o.requireMemory();
            if (CanonicalFlattening.containsPtr(payload) && op.endsWith("read")) {
                o.requireRealloc();
            }
        }
        o.checkLower();
        return o.checkCoreType(s, sig(i32s(params), i32s(1)));
    }

    /**
     * {@code stream.new}/{@code future.new} (→ the packed pair of ends, one i64) and the four
     * {@code drop-readable}/{@code drop-writable} built-ins (one end in, nothing out).
     */
    private CoreTypes.FuncType endpoint(Scope s, int index, String op, boolean stream) {
        requireFor(op, Feature.CM_ASYNC);
        if (stream) {
            streamType(s, index, op);
        } else {
            futureType(s, index, op);
        }
        return op.endsWith(".new") ? sig(List.of(), List.of("i64")) : sig(i32s(1), List.of());
    }

    private CoreTypes.FuncType cancel(Scope s, int index, boolean async, String op, boolean stream) {
        requireFor(op, Feature.CM_ASYNC);
        if (async) {
            features.require(
                    Feature.CM_MORE_ASYNC_BUILTINS,
                    "async `" + op + "` requires the component model more async builtins feature");
        }
        if (stream) {
            streamType(s, index, op);
        } else {
            futureType(s, index, op);
        }
        return sig(i32s(1), i32s(1));
    }

    private String localResource(Scope s, int index) {
        int r = s.resource(index);
        if (!s.localResources.contains(ids.baseResource(r))) {
            throw new ComponentInvalid("type " + index + " is not a local resource");
        }
        return ids.rep(r);
    }
}
