package dev.wreg.engine.runtime.internal;

import dev.wreg.engine.runtime.LimitExceededException;
import dev.wreg.engine.runtime.ResourceLimits;
import java.util.concurrent.atomic.AtomicLong;
import run.endive.runtime.Memory;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.FunctionBody;
import run.endive.wasm.types.MemoryLimits;
import run.endive.wasm.types.OpCode;
import run.endive.wasm.types.TableLimits;

/**
 * What one top-level instantiation has used of its {@link ResourceLimits}: memory bytes actually
 * allocated, table elements and instances. Kept apart from the instantiator so that enforcing
 * limits touches only the place where Endive instances are built.
 */
public final class LimitBudget {
    private final ResourceLimits limits;
    private final AtomicLong memoryBytes = new AtomicLong();
    private long tableElements;
    private int instances;

    public LimitBudget(ResourceLimits limits) {
        this.limits = limits;
    }

    /** Counts one more core or component instance. */
    public void countInstance() {
        if (++instances > limits.maxInstances()) {
            throw new LimitExceededException(
                    "instances", "more than " + limits.maxInstances() + " core and component instances");
        }
    }

    /**
     * Checks the tables {@code mod} defines before Endive allocates them: their initial sizes count
     * against the budget, and a module that executes {@code table.grow} must declare a maximum that
     * fits, because Endive 1.0 offers no hook to refuse a growth at run time.
     */
    public void checkTables(WasmModule mod) {
        var tables = mod.tableSection();
        long initial = 0;
        long growable = 0;
        for (int i = 0; i < tables.tableCount(); i++) {
            TableLimits tl = tables.getTable(i).limits();
            initial += tl.min();
            growable += Math.max(0, tl.max() - tl.min());
        }
        tableElements += initial;
        if (tableElements > limits.maxTableElements()) {
            throw new LimitExceededException(
                    "tables",
                    "the tables hold " + tableElements + " elements, more than the " + limits.maxTableElements()
                            + " allowed");
        }
        if (tableElements + growable > limits.maxTableElements() && growsTables(mod)) {
            throw new LimitExceededException(
                    "tables",
                    "a core module uses table.grow and its tables may grow to " + (tableElements + growable)
                            + " elements, more than the " + limits.maxTableElements() + " allowed");
        }
    }

    private static boolean growsTables(WasmModule mod) {
        var code = mod.codeSection();
        for (int f = 0; f < code.functionBodyCount(); f++) {
            FunctionBody body = code.getFunctionBody(f);
            if (BodiesOnDemand.unparsed(body)) {
                continue; // a body that may hold table.grow is never left for later (StubbedBodies)
            }
            for (var ins : body.instructions()) {
                if (ins.opcode() == OpCode.TABLE_GROW) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A memory factory whose memories draw on this budget as they grow. */
    public Memory newMemory(MemoryLimits ml) {
        return new BudgetedMemory(ml, reservation);
    }

    private final Reservation reservation = new Reservation();

    /** Reserves and releases memory bytes against the budget's cap. */
    final class Reservation {
        /** Takes {@code bytes} more; {@code total} is what the memory would then hold (for the message). */
        void reserve(long bytes, long total) {
            long used = memoryBytes.addAndGet(bytes);
            if (used > limits.maxMemoryBytes()) {
                memoryBytes.addAndGet(-bytes);
                throw new LimitExceededException(
                        "memory",
                        "linear memory would grow to " + (used - bytes + total) + " bytes, more than the "
                                + limits.maxMemoryBytes() + " allowed");
            }
        }

        void release(long bytes) {
            memoryBytes.addAndGet(-bytes);
        }
    }
}
