package dev.wreg.engine.binary;

import java.util.List;
import java.util.Optional;

/**
 * A canonical definition ({@code canon}): {@link Lift} defines a component function; every other
 * form defines a core function. Binary opcodes are given per record; the async, stream, future
 * and waitable built-ins are 🔀, error-context 📝, threads 🧵.
 */
public sealed interface Canon {

    /** {@code 0x00 0x00}: lift core function {@code coreFuncIndex} to type {@code typeIndex}. */
    record Lift(int coreFuncIndex, List<CanonOption> options, int typeIndex) implements Canon {
        public Lift {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x01 0x00}: lower component function {@code funcIndex}. */
    record Lower(int funcIndex, List<CanonOption> options) implements Canon {
        public Lower {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x02}. */
    record ResourceNew(int resourceIndex) implements Canon {}

    /** {@code 0x03}. */
    record ResourceDrop(int resourceIndex) implements Canon {}

    /** {@code 0x04}. */
    record ResourceRep(int resourceIndex) implements Canon {}

    /** {@code 0x24}. */
    record BackpressureInc() implements Canon {}

    /** {@code 0x25}. */
    record BackpressureDec() implements Canon {}

    /** {@code 0x09}. */
    record TaskReturn(Optional<ValType> result, List<CanonOption> options) implements Canon {
        public TaskReturn {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x05}. */
    record TaskCancel() implements Canon {}

    /** {@code 0x0a}. */
    record ContextGet(CoreType.ValType type, int slot) implements Canon {}

    /** {@code 0x0b}. */
    record ContextSet(CoreType.ValType type, int slot) implements Canon {}

    /** {@code 0x06}. */
    record SubtaskCancel(boolean async) implements Canon {}

    /** {@code 0x0d}. */
    record SubtaskDrop() implements Canon {}

    /** {@code 0x0e}. */
    record StreamNew(int typeIndex) implements Canon {}

    /** {@code 0x0f}. */
    record StreamRead(int typeIndex, List<CanonOption> options) implements Canon {
        public StreamRead {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x10}. */
    record StreamWrite(int typeIndex, List<CanonOption> options) implements Canon {
        public StreamWrite {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x11}. */
    record StreamCancelRead(int typeIndex, boolean async) implements Canon {}

    /** {@code 0x12}. */
    record StreamCancelWrite(int typeIndex, boolean async) implements Canon {}

    /** {@code 0x13}. */
    record StreamDropReadable(int typeIndex) implements Canon {}

    /** {@code 0x14}. */
    record StreamDropWritable(int typeIndex) implements Canon {}

    /** {@code 0x15}. */
    record FutureNew(int typeIndex) implements Canon {}

    /** {@code 0x16}. */
    record FutureRead(int typeIndex, List<CanonOption> options) implements Canon {
        public FutureRead {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x17}. */
    record FutureWrite(int typeIndex, List<CanonOption> options) implements Canon {
        public FutureWrite {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x18}. */
    record FutureCancelRead(int typeIndex, boolean async) implements Canon {}

    /** {@code 0x19}. */
    record FutureCancelWrite(int typeIndex, boolean async) implements Canon {}

    /** {@code 0x1a}. */
    record FutureDropReadable(int typeIndex) implements Canon {}

    /** {@code 0x1b}. */
    record FutureDropWritable(int typeIndex) implements Canon {}

    /** {@code 0x1c} (📝). */
    record ErrorContextNew(List<CanonOption> options) implements Canon {
        public ErrorContextNew {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x1d} (📝). */
    record ErrorContextDebugMessage(List<CanonOption> options) implements Canon {
        public ErrorContextDebugMessage {
            options = List.copyOf(options);
        }
    }

    /** {@code 0x1e} (📝). */
    record ErrorContextDrop() implements Canon {}

    /** {@code 0x1f}. */
    record WaitableSetNew() implements Canon {}

    /** {@code 0x20}. */
    record WaitableSetWait(boolean cancellable, int memoryIndex) implements Canon {}

    /** {@code 0x21}. */
    record WaitableSetPoll(boolean cancellable, int memoryIndex) implements Canon {}

    /** {@code 0x22}. */
    record WaitableSetDrop() implements Canon {}

    /** {@code 0x23}. */
    record WaitableJoin() implements Canon {}

    /** {@code 0x26} (🧵). */
    record ThreadIndex() implements Canon {}

    /** {@code 0x27} (🧵). */
    record ThreadNewIndirect(int funcTypeIndex, int tableIndex) implements Canon {}

    /** {@code 0x28} (🧵). */
    record ThreadResumeLater() implements Canon {}

    /** {@code 0x29} (🧵). */
    record ThreadSuspend(boolean cancellable) implements Canon {}

    /** {@code 0x0c}. */
    record ThreadYield(boolean cancellable) implements Canon {}

    /** {@code 0x2a} (🧵). */
    record ThreadSuspendThenResume(boolean cancellable) implements Canon {}

    /** {@code 0x2b} (🧵). */
    record ThreadYieldThenResume(boolean cancellable) implements Canon {}

    /** {@code 0x2c} (🧵). */
    record ThreadSuspendThenPromote(boolean cancellable) implements Canon {}

    /** {@code 0x2d} (🧵). */
    record ThreadYieldThenPromote(boolean cancellable) implements Canon {}

    /** {@code 0x40} (🧵②); as wasm-tools 1.257 reads it, without a {@code shared} flag. */
    record ThreadSpawnRef(int funcTypeIndex) implements Canon {}

    /** {@code 0x41} (🧵②); as wasm-tools 1.257 reads it, without a {@code shared} flag. */
    record ThreadSpawnIndirect(int funcTypeIndex, int tableIndex) implements Canon {}

    /** {@code 0x42} (🧵②). */
    record ThreadAvailableParallelism() implements Canon {}
}
