package dev.wreg.engine.runtime.internal;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.alloc.MemAllocStrategy;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.TableLimits;
import dev.wreg.engine.runtime.LimitExceededException;
import dev.wreg.engine.runtime.ResourceLimits;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one top-level instantiation has used of its {@link ResourceLimits}: memory bytes actually
 * allocated, table elements and instances. Kept apart from the instantiator so that enforcing
 * limits touches only the place where Chicory instances are built.
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
     * Checks the tables {@code mod} defines before Chicory allocates them: their initial sizes count
     * against the budget, and a module that executes {@code table.grow} must declare a maximum that
     * fits, because Chicory 1.6 offers no hook to refuse a growth at run time.
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
            for (var ins : code.getFunctionBody(f).instructions()) {
                if (ins.opcode() == OpCode.TABLE_GROW) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A Chicory memory factory whose memories draw on this budget as they grow. */
    public Memory newMemory(MemoryLimits ml) {
        long most = Memory.bytes(Math.min(ml.maximumPages(), Memory.RUNTIME_MAX_PAGES));
        return new ByteArrayMemory(ml, new Allocation(most));
    }

    /**
     * Reserves the bytes a memory's buffer needs. Capacity grows by doubling (as Chicory's default
     * does) while the budget allows, then exactly, so a guest can use its whole allowance.
     */
    private final class Allocation implements MemAllocStrategy {
        private final long most;

        Allocation(long most) {
            this.most = most;
        }

        @Override
        public int initial(int bytes) {
            reserve(bytes, bytes);
            return bytes;
        }

        @Override
        public int next(int current, int target) {
            long doubled = Math.min(Math.max((long) target, 2L * current), most);
            long remaining = limits.maxMemoryBytes() - memoryBytes.get();
            long grant = Math.max(target, Math.min(doubled, current + remaining));
            grant = Math.min(grant, Integer.MAX_VALUE);
            reserve(grant - current, (long) target - current);
            return (int) grant;
        }

        private void reserve(long bytes, long needed) {
            long used = memoryBytes.addAndGet(bytes);
            if (used > limits.maxMemoryBytes()) {
                memoryBytes.addAndGet(-bytes);
                throw new LimitExceededException(
                        "memory",
                        "linear memory would grow to " + (used - bytes + needed) + " bytes, more than the "
                                + limits.maxMemoryBytes() + " allowed");
            }
        }
    }
}
