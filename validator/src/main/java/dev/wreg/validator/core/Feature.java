package dev.wreg.validator.core;

/**
 * One WebAssembly feature flag, named and defaulted as wasm-tools 1.257 (wasmparser's
 * {@code WasmFeatures}) names and defaults it, so that {@code -f} strings mean the same here.
 *
 * <p>The masks mirror wasmparser's bit layout because two flags are composites there:
 * {@code reference-types} also carries {@code call-indirect-overlong}, and {@code bulk-memory}
 * also carries {@code bulk-memory-opt}; enabling or disabling the composite moves both bits.
 */
public enum Feature {
    MUTABLE_GLOBAL(1L, true),
    SATURATING_FLOAT_TO_INT(1L << 1, true),
    SIGN_EXTENSION(1L << 2, true),
    REFERENCE_TYPES((1L << 3) | (1L << 34), true),
    MULTI_VALUE(1L << 4, true),
    BULK_MEMORY((1L << 5) | (1L << 35), true),
    SIMD(1L << 6, true),
    RELAXED_SIMD(1L << 7, true),
    THREADS(1L << 8, true),
    SHARED_EVERYTHING_THREADS(1L << 9, false),
    TAIL_CALL(1L << 10, true),
    FLOATS(1L << 11, true),
    MULTI_MEMORY(1L << 12, true),
    EXCEPTIONS(1L << 13, true),
    MEMORY64(1L << 14, true),
    EXTENDED_CONST(1L << 15, true),
    COMPONENT_MODEL(1L << 16, true),
    FUNCTION_REFERENCES(1L << 17, true),
    MEMORY_CONTROL(1L << 18, false),
    GC(1L << 19, true),
    CUSTOM_PAGE_SIZES(1L << 20, false),
    LEGACY_EXCEPTIONS(1L << 23, false),
    GC_TYPES(1L << 24, true),
    STACK_SWITCHING(1L << 25, false),
    WIDE_ARITHMETIC(1L << 26, true),
    CM_VALUES(1L << 21, false),
    CM_NESTED_NAMES(1L << 22, false),
    CM_ASYNC(1L << 27, true),
    CM_ASYNC_STACKFUL(1L << 28, false),
    CM_MORE_ASYNC_BUILTINS(1L << 29, false),
    CM_THREADING(1L << 30, false),
    CM_ERROR_CONTEXT(1L << 31, false),
    CM_FIXED_LENGTH_LISTS(1L << 32, false),
    CM_GC(1L << 33, false),
    CALL_INDIRECT_OVERLONG(1L << 34, true),
    BULK_MEMORY_OPT(1L << 35, true),
    CUSTOM_DESCRIPTORS(1L << 36, false),
    COMPACT_IMPORTS(1L << 37, true),
    CM_MAP(1L << 38, false),
    CM64(1L << 39, false),
    CM_IMPLEMENTS(1L << 40, false),
    CM_CANON_NAMES(1L << 41, false);

    private final long mask;
    private final boolean enabledByDefault;

    Feature(long mask, boolean enabledByDefault) {
        this.mask = mask;
        this.enabledByDefault = enabledByDefault;
    }

    /** The bits this flag sets or clears (more than one for the composite flags). */
    public long mask() {
        return mask;
    }

    public boolean enabledByDefault() {
        return enabledByDefault;
    }

    /** The name used on the command line, e.g. {@code reference-types}, {@code cm-async}. */
    public String flagName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
