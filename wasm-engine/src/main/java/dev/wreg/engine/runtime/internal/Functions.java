package dev.wreg.engine.runtime.internal;

import com.dylibso.chicory.wasm.ChicoryException;
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

    /** A core function lifted to a component function ({@code canon lift}). */
    record Lifted(ComponentState state, FuncType type, CoreFunction core, CanonOptions opts)
            implements ComponentFunction {

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
            state.setBusy(true);
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
                List<Val> out = CanonicalAbi.liftResults(cx, type.results(), results);
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
                state.setBusy(false);
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
            } catch (ChicoryException e) {
                throw asTrap(e);
            } finally {
                CanonicalAbi.closeStringScope(strings);
                cx.releaseLends();
            }
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
