package dev.wreg.validator.component;

import dev.wreg.engine.binary.CanonOption;
import dev.wreg.validator.core.Feature;
import java.util.List;

/**
 * The canonical options of one {@code canon} definition (Explainer.md, "Canonical ABI"), read and
 * checked as wasm-tools does: each at most once, {@code memory} an unshared (and without cm64,
 * 32-bit) memory, {@code realloc} with its signature and only beside {@code memory}, {@code
 * callback} only with {@code async}, no {@code post-return} with {@code async}, {@code core-type}
 * only with {@code gc}.
 */
record CanonicalOptions(
        CanonOption.StringEncoding encoding,
        Integer memory,
        boolean memory64,
        Integer realloc,
        Integer postReturn,
        boolean async,
        Integer callback,
        Integer coreType,
        boolean gc) {

    /** Reads {@code opts}, checking each against the scope and the options against each other. */
    static CanonicalOptions parse(Scope s, List<CanonOption> opts, FeatureGate features) {
        CanonOption.StringEncoding enc = null;
        Integer memory = null;
        boolean mem64 = false;
        Integer realloc = null;
        Integer postReturn = null;
        boolean async = false;
        Integer callback = null;
        Integer coreType = null;
        boolean gc = false;
        for (CanonOption o : opts) {
            switch (o) {
                case CanonOption.StringEncoding e -> {
                    if (enc != null) {
                        throw new ComponentInvalid("canonical encoding option `" + encName(enc)
                                + "` conflicts with option `" + encName(e) + "`");
                    }
                    enc = e;
                }
                case CanonOption.Memory m -> {
                    if (memory != null) {
                        throw new ComponentInvalid("canonical option `memory` is specified more than once");
                    }
                    CoreTypes.Memory mem = (CoreTypes.Memory) Scope.at(s.memories, m.memoryIndex(), "memory");
                    if (mem.shared()) {
                        // The canonical ABI's memory is an unshared one; a shared memory is a different type.
                        throw new ComponentInvalid("mismatch in the shared flag for memories");
                    }
                    if (mem.is64()) {
                        features.require(
                                Feature.CM64, "canonical option `memory` must be a 32-bit memory without cm64");
                        mem64 = true;
                    }
                    memory = m.memoryIndex();
                }
                case CanonOption.Realloc r -> {
                    if (realloc != null) {
                        throw new ComponentInvalid("canonical option `realloc` is specified more than once");
                    }
                    realloc = r.funcIndex();
                }
                case CanonOption.PostReturn p -> {
                    if (postReturn != null) {
                        throw new ComponentInvalid("canonical option `post-return` is specified more than once");
                    }
                    postReturn = p.funcIndex();
                    Scope.at(s.coreFuncs, p.funcIndex(), "func");
                }
                case CanonOption.Async a -> {
                    features.require(
                            Feature.CM_ASYNC, "canonical option `async` requires the component model async feature");
                    if (async) {
                        throw new ComponentInvalid("canonical option `async` is specified more than once");
                    }
                    async = true;
                }
                case CanonOption.Callback c -> {
                    features.require(
                            Feature.CM_ASYNC, "canonical option `callback` requires the component model async feature");
                    if (callback != null) {
                        throw new ComponentInvalid("canonical option `callback` is specified more than once");
                    }
                    callback = c.funcIndex();
                    Scope.at(s.coreFuncs, c.funcIndex(), "func");
                }
                case CanonOption.CoreTypeOption ct -> {
                    features.require(
                            Feature.CM_GC, "canonical option `core-type` requires the component model gc feature");
                    if (coreType != null) {
                        throw new ComponentInvalid("canonical option `core-type` is specified more than once");
                    }
                    coreType = ct.typeIndex();
                    s.coreFuncType(ct.typeIndex());
                }
                case CanonOption.Gc g -> {
                    features.require(Feature.CM_GC, "canonical option `gc` requires the component model gc feature");
                    if (gc) {
                        throw new ComponentInvalid("canonical option `gc` is specified more than once");
                    }
                    gc = true;
                }
            }
        }
        if (realloc != null && memory == null) {
            throw new ComponentInvalid("canonical option `realloc` requires `memory` to also be specified");
        }
        if (realloc != null) {
            String p = mem64 ? "i64" : "i32";
            CoreTypes.FuncType f = Scope.at(s.coreFuncs, realloc, "func");
            if (!f.equals(new CoreTypes.FuncType(List.of(p, p, p, p), List.of(p)))) {
                throw new ComponentInvalid(
                        "canonical option `realloc` uses a core function with an incorrect signature");
            }
        }
        if (callback != null && !async) {
            throw new ComponentInvalid("cannot specify callback without async");
        }
        if (postReturn != null && async) {
            throw new ComponentInvalid("cannot specify post-return function in async");
        }
        if (coreType != null && !gc) {
            throw new ComponentInvalid("cannot specify `core-type` without `gc`");
        }
        return new CanonicalOptions(enc, memory, mem64, realloc, postReturn, async, callback, coreType, gc);
    }

    private static String encName(CanonOption.StringEncoding e) {
        return switch (e) {
            case UTF8 -> "utf8";
            case UTF16 -> "utf16";
            case LATIN1_UTF16 -> "latin1-utf16";
        };
    }

    void requireMemory() {
        if (memory == null) {
            throw new ComponentInvalid("canonical option `memory` is required");
        }
    }

    void requireRealloc() {
        requireMemory();
        if (realloc == null) {
            throw new ComponentInvalid("canonical option `realloc` is required");
        }
    }

    /** Options that only lifting takes are refused. */
    void checkLower() {
        if (postReturn != null) {
            throw new ComponentInvalid("canonical option `post-return` cannot be specified for lowerings");
        }
        if (callback != null) {
            throw new ComponentInvalid("canonical option `callback` cannot be specified for lowerings");
        }
    }

    /** The declared {@code core-type}, which must equal {@code actual}, or else {@code actual}. */
    CoreTypes.FuncType checkCoreType(Scope s, CoreTypes.FuncType actual) {
        if (coreType != null) {
            CoreTypes.FuncType declared = s.coreFuncType(coreType);
            if (!declared.equals(actual)) {
                throw new ComponentInvalid(
                        "declared core type has `" + declared + "` but actual lowering has `" + actual + "`");
            }
            return declared;
        }
        return actual;
    }
}
