package dev.wreg.engine.runtime.internal;

import dev.wreg.engine.runtime.AsyncHostFunction;
import dev.wreg.engine.runtime.ComponentFunction;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.HostFunction;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.AsyncAbi;
import dev.wreg.engine.runtime.abi.CanonOptions;
import dev.wreg.engine.runtime.abi.ComponentState;
import dev.wreg.engine.runtime.abi.CoreFunction;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.abi.Store;
import dev.wreg.engine.runtime.abi.Task;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import run.endive.wasm.WasmEngineException;

/**
 * The function adapters: {@code canon lift} and {@code canon lower} (their canonical ABI is {@link
 * AsyncAbi}'s) and host functions, each usable both as a {@link ComponentFunction} the host calls
 * and as the spec's {@code FuncInst} another component's {@code canon lower} calls.
 */
final class Functions {
    private Functions() {}

    /** Turns anything thrown by core code into a trap, keeping a nested trap's message. */
    static ComponentTrap asTrap(Throwable t) {
        return AsyncAbi.asTrap(t);
    }

    /** A core function lifted to a component function ({@code canon lift}). */
    record Lifted(ComponentState state, FuncType type, Task.FuncInst lifted)
            implements ComponentFunction, Task.FuncInst {

        /** The host's entry: {@code Store.invoke}, then the store runs until the call resolves. */
        @Override
        public List<Val> call(List<Val> args) {
            try {
                return AsyncAbi.invoke(state, this, args);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                ComponentTrap trap = asTrap(e);
                state.poison(trap.getMessage());
                state.store().close();
                throw trap;
            }
        }

        @Override
        public Task.OnCancel call(Task.OnStart onStart, Task.OnResolve onResolve, ComponentState caller) {
            return lifted.call(onStart, onResolve, caller);
        }
    }

    /** Any component function as a {@code FuncInst} that runs to completion when called. */
    static Task.FuncInst funcInst(ComponentFunction f) {
        if (f instanceof Task.FuncInst fi) {
            return fi;
        }
        return (onStart, onResolve, caller) -> {
            onResolve.resolve(f.call(onStart.start()));
            return c -> {};
        };
    }

    /** A component function lowered into a core function ({@code canon lower}, sync or async). */
    static CoreFunction lower(ComponentState state, ComponentFunction callee, CanonOptions opts, boolean async) {
        // Lowering an instance's own lifted function makes a call that re-enters the instance it
        // leaves (wasmtime: "degenerate component adapter"); the spec forbids reentrance.
        boolean selfCall = callee instanceof Lifted l && l.state() == state;
        CoreFunction core = AsyncAbi.lower(state, funcInst(callee), callee.type(), opts, async);
        return args -> {
            if (selfCall) {
                throw new ComponentTrap("cannot enter component instance: it called its own lifted function");
            }
            try {
                return core.call(args);
            } catch (WasmEngineException e) {
                throw asTrap(e);
            }
        };
    }

    /** A host function with the type the importing component declared. */
    record Host(FuncType type, HostFunction impl) implements ComponentFunction, Task.FuncInst {
        @Override
        public List<Val> call(List<Val> args) {
            return checked(impl.call(args));
        }

        private List<Val> checked(List<Val> out) {
            if (out == null || out.size() != type.results().size()) {
                throw new ComponentTrap("host function returned " + (out == null ? "nothing" : out.size() + " values")
                        + ", expected " + type.results().size());
            }
            return out;
        }

        @Override
        public Task.OnCancel call(Task.OnStart onStart, Task.OnResolve onResolve, ComponentState caller) {
            List<Val> args = onStart.start();
            if (!(impl instanceof AsyncHostFunction async) || caller == null) {
                List<Val> out;
                try {
                    out = caller == null ? call(args) : caller.store().asCaller(() -> call(args));
                } catch (IllegalArgumentException e) {
                    throw new ComponentTrap("host function failed: " + e.getMessage(), e);
                }
                onResolve.resolve(out);
                return c -> {};
            }
            CompletableFuture<List<Val>> f;
            try {
                f = caller.store().asCaller(() -> async.callAsync(args));
            } catch (IllegalArgumentException e) {
                throw new ComponentTrap("host function failed: " + e.getMessage(), e);
            }
            Store store = caller.store();
            boolean[] cancelRequested = {false};
            store.track(f);
            store.hostWorkStarted();
            f.whenComplete((r, ex) -> store.post(() -> {
                store.hostWorkDone();
                if (ex != null) {
                    Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                    if (cause instanceof CancellationException && cancelRequested[0]) {
                        onResolve.resolve(null);
                        return;
                    }
                    if (cause instanceof ComponentTrap t) {
                        throw t;
                    }
                    if (cause instanceof RuntimeException re
                            && dev.wreg.engine.runtime.LimitExceededException.findIn(re)
                                    .isPresent()) {
                        throw re;
                    }
                    throw new ComponentTrap("host function failed: " + cause, cause);
                }
                onResolve.resolve(checked(r));
            }));
            return c -> {
                cancelRequested[0] = true;
                f.cancel(true);
            };
        }
    }

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

    /** A lifted function whose options this runtime cannot honour: calling it traps. */
    static Task.FuncInst unsupportedLift(String what) {
        return (onStart, onResolve, caller) -> {
            throw new ComponentTrap("not supported by this runtime yet: " + what);
        };
    }
}
