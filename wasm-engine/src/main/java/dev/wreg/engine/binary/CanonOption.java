package dev.wreg.engine.binary;

/** A canonical ABI option ({@code canonopt}). */
public sealed interface CanonOption {

    /** {@code 0x00}-{@code 0x02}: the string encoding. */
    enum StringEncoding implements CanonOption {
        UTF8,
        UTF16,
        LATIN1_UTF16
    }

    /** {@code 0x03}: the core memory. */
    record Memory(int memoryIndex) implements CanonOption {}

    /** {@code 0x04}: the core realloc function. */
    record Realloc(int funcIndex) implements CanonOption {}

    /** {@code 0x05}: the core post-return function. */
    record PostReturn(int funcIndex) implements CanonOption {}

    /** {@code 0x06} (🔀): async. */
    record Async() implements CanonOption {}

    /** {@code 0x07} (🔀): the core callback function. */
    record Callback(int funcIndex) implements CanonOption {}

    /** {@code 0x08} (cm-gc): the core function type to lift or lower against. */
    record CoreTypeOption(int typeIndex) implements CanonOption {}

    /** {@code 0x09} (cm-gc): use the GC representation. */
    record Gc() implements CanonOption {}
}
