package dev.wreg.engine.runtime.abi;

import run.endive.runtime.Memory;

/**
 * The resolved {@code canonopt}s of one {@code canon lift} or {@code canon lower}. Memory,
 * realloc and post-return may be null when the function's types do not need them.
 */
public record CanonOptions(
        Memory memory, CoreFunction realloc, CoreFunction postReturn, Encoding encoding, String unsupported) {

    public CanonOptions(Memory memory, CoreFunction realloc, CoreFunction postReturn, Encoding encoding) {
        this(memory, realloc, postReturn, encoding, null);
    }

    public enum Encoding {
        UTF8,
        UTF16,
        LATIN1_UTF16
    }
}
