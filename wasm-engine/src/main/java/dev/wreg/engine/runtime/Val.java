package dev.wreg.engine.runtime;

import dev.wreg.engine.runtime.abi.PackedList;
import dev.wreg.engine.runtime.abi.ResourceHandle;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A component-model value as the host sees it: what {@link ComponentInstance#call} takes and
 * returns. Values carry no type; the function signature gives each one its exact type when it is
 * lowered.
 */
public sealed interface Val {

    record Bool(boolean value) implements Val {}

    record S8(byte value) implements Val {}

    record U8(byte value) implements Val {}

    record S16(short value) implements Val {}

    record U16(short value) implements Val {}

    record S32(int value) implements Val {}

    record U32(int value) implements Val {}

    record S64(long value) implements Val {}

    record U64(long value) implements Val {}

    record F32(float value) implements Val {}

    record F64(double value) implements Val {}

    /** One Unicode scalar value. */
    record Char(int codePoint) implements Val {}

    record Str(String value) implements Val {
        public Str {
            Objects.requireNonNull(value);
        }
    }

    /**
     * A list. A lifted list of scalars (and {@link #bytes}) holds its elements packed, as guest
     * memory does ({@link PackedList}): they are lowered again by one copy, and each element's
     * {@code Val} is made only when read.
     */
    record ListVal(List<Val> elements) implements Val {
        public ListVal {
            elements = elements instanceof PackedList ? elements : List.copyOf(elements);
        }
    }

    record Field(String name, Val value) {}

    record RecordVal(List<Field> fields) implements Val {
        public RecordVal {
            fields = List.copyOf(fields);
        }

        /** The value of field {@code name}, or null. */
        public Val get(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) {
                    return f.value();
                }
            }
            return null;
        }
    }

    record TupleVal(List<Val> elements) implements Val {
        public TupleVal {
            elements = List.copyOf(elements);
        }
    }

    /** A variant case; {@code payload} is empty for a case without one. */
    record VariantVal(String caseName, Optional<Val> payload) implements Val {}

    record EnumVal(String caseName) implements Val {}

    record OptionVal(Optional<Val> value) implements Val {}

    /** {@code ok(…)} when {@code isOk}, else {@code err(…)}; the payload may be absent. */
    record ResultVal(boolean isOk, Optional<Val> payload) implements Val {}

    /** The names of the flags that are set. */
    record FlagsVal(Set<String> names) implements Val {
        public FlagsVal {
            names = Set.copyOf(names);
        }
    }

    /** An {@code own} or {@code borrow} resource handle held by the host. */
    record Resource(ResourceHandle handle) implements Val {}

    /** The readable end of a {@code stream<T>} in transit (the spec lifts it to its shared state). */
    record StreamVal(dev.wreg.engine.runtime.abi.SharedStream stream) implements Val {}

    /** The readable end of a {@code future<T>} in transit. */
    record FutureVal(dev.wreg.engine.runtime.abi.SharedFuture future) implements Val {}

    /** An {@code error-context} (📝). */
    record ErrorContextVal(dev.wreg.engine.runtime.abi.ErrorContext context) implements Val {}

    static Val bool(boolean b) {
        return new Bool(b);
    }

    static Val u32(int v) {
        return new U32(v);
    }

    static Val s32(int v) {
        return new S32(v);
    }

    static Val string(String s) {
        return new Str(s);
    }

    /** A {@code list<u8>} holding a copy of {@code bytes}, packed (see {@link ListVal}). */
    static ListVal bytes(byte[] bytes) {
        return new ListVal(PackedList.ofBytes(bytes));
    }
}
