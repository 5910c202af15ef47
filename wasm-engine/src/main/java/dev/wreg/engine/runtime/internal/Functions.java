package dev.wreg.engine.runtime.internal;

import dev.wreg.engine.runtime.ComponentFunction;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.HostFunction;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.CanonOptions;
import dev.wreg.engine.runtime.abi.CanonicalAbi;
import dev.wreg.engine.runtime.abi.ComponentState;
import dev.wreg.engine.runtime.abi.CoreFunction;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.abi.HandleTable;
import dev.wreg.engine.runtime.abi.ValueType;
import java.util.List;
import run.endive.wasm.WasmEngineException;

/** The function adapters: {@code canon lift}, {@code canon lower} and host functions. */
final class Functions {
    private Functions() {}

    /** Turns anything thrown by core code into a trap, keeping a nested trap's message. */
    static ComponentTrap asTrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ComponentTrap ct) {
                return ct;
            }
        }
        if (t instanceof StackOverflowError) {
            return new ComponentTrap("call stack exhausted", t);
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new ComponentTrap("wasm trap: " + msg, t);
    }

    /**
     * A core function lifted to a component function ({@code canon lift}). With {@code async}
     * the core function delivers its result through {@code task.return} instead of returning it;
     * with a {@code callback} it returns a code after each step. This runtime runs every task to
     * completion on the caller's thread, so a callback may exit or yield, but waiting on a
     * waitable set is not supported yet.
     */
    record Lifted(
            ComponentState state,
            FuncType type,
            CoreFunction core,
            CanonOptions opts,
            boolean async,
            CoreFunction callback)
            implements ComponentFunction {

        Lifted(ComponentState state, FuncType type, CoreFunction core, CanonOptions opts) {
            this(state, type, core, opts, false, null);
        }

        /** The callback codes of CanonicalABI.md: EXIT and YIELD are the ones a lone task can use. */
        private static final int CALLBACK_EXIT = 0;

        private static final int CALLBACK_YIELD = 1;

        @Override
        public List<Val> call(List<Val> args) {
            if (opts.unsupported() != null) {
                throw new ComponentTrap("not supported by this runtime yet: " + opts.unsupported());
            }
            if (state.poisoned() != null) {
                throw new ComponentTrap(
                        "cannot enter component instance: it trapped before (" + state.poisoned() + ")");
            }
            if (state.busy()) {
                throw new ComponentTrap("cannot enter component instance: it is already executing (reentrance)");
            }
            HandleTable.BorrowScope scope = new HandleTable.BorrowScope();
            CanonicalAbi.Cx cx = new CanonicalAbi.Cx(state, opts, scope);
            ComponentState.Task task = new ComponentState.Task(async, type.results());
            state.setBusy(true);
            ComponentState.Task outer = state.enter(task);
            try {
                long[] flat;
                try {
                    flat = CanonicalAbi.lowerArgs(cx, type.params(), args);
                } catch (IllegalArgumentException e) {
                    throw e;
                }
                long[] results = core.call(flat);
                if (results == null) {
                    results = new long[0];
                }
                List<Val> out;
                if (async) {
                    runCallbacks(results);
                    if (task.result() == null) {
                        throw new ComponentTrap("async-lifted export failed to produce a result (no task.return)");
                    }
                    out = task.result();
                } else {
                    out = CanonicalAbi.liftResults(cx, type.results(), results);
                }
                if (opts.postReturn() != null) {
                    state.setMayLeave(false);
                    try {
                        opts.postReturn().call(results);
                    } finally {
                        state.setMayLeave(true);
                    }
                }
                if (scope.count() != 0) {
                    throw new ComponentTrap("borrow handles still remain at the end of the call");
                }
                return out;
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                ComponentTrap trap = asTrap(e);
                state.poison(trap.getMessage());
                throw trap;
            } finally {
                state.leave(outer);
                state.setBusy(false);
            }
        }

        private void runCallbacks(long[] first) {
            if (callback == null) {
                return;
            }
            long[] r = first;
            while (true) {
                int code = r.length == 0 ? CALLBACK_EXIT : (int) r[0];
                switch (code & 0xf) {
                    case CALLBACK_EXIT -> {
                        return;
                    }
                    // Nothing else can run meanwhile, so a yield resumes at once with no event.
                    case CALLBACK_YIELD -> r = callback.call(0, 0, 0);
                    default ->
                        throw new ComponentTrap(
                                "not supported by this runtime yet: callback code " + (code & 0xf) + " (waiting)");
                }
            }
        }
    }

    /** A component function lowered into a core function ({@code canon lower}). */
    static CoreFunction lower(ComponentState state, ComponentFunction callee, CanonOptions opts) {
        FuncType type = callee.type();
        // Lowering an instance's own lifted function makes a call that re-enters the instance it
        // leaves (wasmtime: "degenerate component adapter"); the spec forbids reentrance.
        boolean selfCall = callee instanceof Lifted l && l.state() == state;
        return args -> {
            if (selfCall) {
                throw new ComponentTrap("cannot enter component instance: it called its own lifted function");
            }
            List<ValueType.Flat> coreParams = null;
            if (!state.mayLeave()) {
                throw new ComponentTrap("cannot leave component instance (may_leave is false)");
            }
            CanonicalAbi.Cx cx = new CanonicalAbi.Cx(state, opts, null);
            Object strings = CanonicalAbi.openStringScope();
            try {
                List<Val> vals = CanonicalAbi.liftArgs(cx, type.params(), args, coreParams);
                List<Val> results;
                try {
                    results = callee.call(vals);
                } catch (IllegalArgumentException e) {
                    throw new ComponentTrap("host function failed: " + e.getMessage(), e);
                }
                return CanonicalAbi.lowerResults(cx, type.results(), results, args);
            } catch (WasmEngineException e) {
                throw asTrap(e);
            } finally {
                CanonicalAbi.closeStringScope(strings);
                cx.releaseLends();
            }
        };
    }

    /** The subtask state an async-lowered call reports when the callee has already returned. */
    private static final int SUBTASK_RETURNED = 2;

    /** The most flat parameters an async-lowered call passes directly (MAX_FLAT_ASYNC_PARAMS). */
    private static final int MAX_FLAT_ASYNC_PARAMS = 4;

    /**
     * A component function lowered {@code async}. The callee runs to completion before the core
     * caller resumes (this runtime has no scheduler yet), so the call always reports {@code
     * RETURNED}, with the results stored at the pointer passed after the parameters.
     */
    static CoreFunction lowerAsync(ComponentState state, ComponentFunction callee, CanonOptions opts) {
        FuncType type = callee.type();
        boolean selfCall = callee instanceof Lifted l && l.state() == state;
        return args -> {
            if (selfCall) {
                throw new ComponentTrap("cannot enter component instance: it called its own lifted function");
            }
            if (!state.mayLeave()) {
                throw new ComponentTrap("cannot leave component instance (may_leave is false)");
            }
            CanonicalAbi.Cx cx = new CanonicalAbi.Cx(state, opts, null);
            Object strings = CanonicalAbi.openStringScope();
            try {
                List<Val> vals = CanonicalAbi.liftArgs(cx, type.params(), args, MAX_FLAT_ASYNC_PARAMS);
                List<Val> results;
                try {
                    results = callee.call(vals);
                } catch (IllegalArgumentException e) {
                    throw new ComponentTrap("host function failed: " + e.getMessage(), e);
                }
                if (!type.results().isEmpty()) {
                    CanonicalAbi.storeResults(cx, type.results(), results, args[args.length - 1]);
                }
                return new long[] {SUBTASK_RETURNED};
            } catch (WasmEngineException e) {
                throw asTrap(e);
            } finally {
                CanonicalAbi.closeStringScope(strings);
                cx.releaseLends();
            }
        };
    }

    /** {@code canon task.return}: lifts the result of the running async task from its core values. */
    static CoreFunction taskReturn(ComponentState state, List<ValueType> types, CanonOptions opts) {
        return args -> {
            ComponentState.Task task = state.task();
            if (!task.async()) {
                throw new ComponentTrap("task.return called from a task that was not lifted async");
            }
            if (task.result() != null) {
                throw new ComponentTrap("task.return called more than once");
            }
            if (!task.resultTypes().equals(types)) {
                throw new ComponentTrap("task.return's result type does not match the function's");
            }
            CanonicalAbi.Cx cx = new CanonicalAbi.Cx(state, opts, null);
            task.setResult(CanonicalAbi.liftArgs(cx, types, args, CanonicalAbi.MAX_FLAT_PARAMS));
            return new long[0];
        };
    }

    /** {@code canon context.get} and {@code context.set} on the running task's slots. */
    static CoreFunction context(ComponentState state, int slot, boolean set) {
        return args -> {
            long[] slots = state.task().context();
            if (slot < 0 || slot >= slots.length) {
                throw new ComponentTrap("context slot " + slot + " does not exist");
            }
            if (set) {
                slots[slot] = args[0];
                return new long[0];
            }
            return new long[] {slots[slot]};
        };
    }

    /** A host function with the type the importing component declared. */
    record Host(FuncType type, HostFunction impl) implements ComponentFunction {
        @Override
        public List<Val> call(List<Val> args) {
            List<Val> out = impl.call(args);
            if (out.size() != type.results().size()) {
                throw new ComponentTrap("host function returned " + out.size() + " values, expected "
                        + type.results().size());
            }
            return out;
        }
    }

    /** A function that traps when called: a built-in this runtime does not implement yet. */
    /**
     * A canon built-in this runtime does not implement yet. Like every built-in it first checks
     * may-leave, so calling it from post-return or realloc traps for the right reason.
     */
    static CoreFunction unsupportedBuiltin(ComponentState state, String what) {
        return args -> {
            if (!state.mayLeave()) {
                throw new ComponentTrap("cannot leave component instance (may_leave is false): " + what);
            }
            throw new ComponentTrap("not supported by this runtime yet: " + what);
        };
    }

    static CoreFunction unsupported(String what) {
        return args -> {
            throw new ComponentTrap("not supported by this runtime yet: " + what);
        };
    }
}
