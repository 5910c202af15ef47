package dev.wreg.engine.runtime;

/**
 * How the core modules of a {@link PreparedComponent} run on Endive: in its interpreter, or translated to
 * JVM bytecode by its runtime compiler ({@code MachineFactoryCompiler}), decided per core module
 * when the component is prepared.
 *
 * <p>The interpreter starts at once but runs guest code one instruction at a time; the compiler
 * costs time up front (roughly proportional to the module's code size) and then runs guest code
 * at JIT speed. Compiled modules are cached by the SHA-256 of their bytes ({@link ModuleCache}), so
 * preparing the same module again costs a digest, not a compilation.
 */
public enum ExecutionPolicy {
    /** Every core module in the interpreter. Cheapest start; right for one short smoke run. */
    INTERPRETER,
    /**
     * Every core module compiled. Functions the compiler cannot translate (a body too large for
     * one JVM method) run in the interpreter, as Endive's silent fallback does.
     */
    COMPILER,
    /**
     * Per module: compiled when its code section holds at least {@link #AUTO_MIN_CODE_BYTES}
     * bytes of function bodies and at most {@link #AUTO_MAX_CODE_BYTES}, or when the module is
     * already compiled in the cache; interpreted otherwise. Small modules (adapter shims, fixup
     * tables, hand-written WAT) finish faster interpreted than compiled, and very large ones (a
     * whole JS engine) would spend longer compiling than a smoke run takes. A very large module of
     * a component prepared with its bodies parsed on demand ({@code fromValidatedBytes}) is
     * interpreted even when compiled in the cache: it starts sooner so (hello-js, a 12 MB
     * StarlingMonkey: loading its 16 MB of compiled classes and running them first in the JVM's
     * interpreter cost more than the bodies parsed on demand).
     */
    AUTO;

    /** Below this much function-body code a module is not worth compiling (see {@link #AUTO}). */
    public static final long AUTO_MIN_CODE_BYTES = 16 * 1024;

    /** Above this much function-body code {@link #AUTO} interprets (see there). */
    public static final long AUTO_MAX_CODE_BYTES = 4L * 1024 * 1024;
}
