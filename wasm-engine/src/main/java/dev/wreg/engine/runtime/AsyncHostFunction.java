package dev.wreg.engine.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A host function whose results come later: the guest's call is a subtask that blocks (or, when
 * lowered {@code async}, returns {@code STARTED}) until the future completes. The future may be
 * completed on any thread; the results are lowered on the thread driving the component's store. A
 * guest's {@code subtask.cancel} cancels the future; completing it exceptionally traps the caller.
 *
 * <p>Why a {@link CompletableFuture} rather than a thread per call: the engine runs one task of a
 * store at a time on its own stack, so a host call only needs a way to say "done" later; the host
 * chooses how (a timer, I/O completion, a virtual thread of its own) and pays for no thread while
 * it waits.
 */
@FunctionalInterface
public interface AsyncHostFunction extends HostFunction {
    CompletableFuture<List<Val>> callAsync(List<Val> args);

    /** Called outside a store (e.g. directly by Java code): waits for the result. */
    @Override
    default List<Val> call(List<Val> args) {
        try {
            return callAsync(args).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
