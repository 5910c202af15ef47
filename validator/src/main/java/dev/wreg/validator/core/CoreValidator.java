package dev.wreg.validator.core;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Validates core WebAssembly modules the way wasm-tools does: decoding (malformed binaries) and
 * validation (ill-typed modules) give one verdict, under a chosen {@link Features} set. Never
 * throws for any input: every failure, including resource exhaustion, becomes {@link
 * ValidationResult.Invalid}.
 */
public final class CoreValidator {

    /** wasmparser's limit on a module's size (1 GiB); larger inputs are refused up front. */
    public static final int MAX_MODULE_BYTES = 1 << 30;

    /**
     * Core proposals that wasm-tools 1.257 knows but this validator does not implement (fully):
     * with one of them enabled, modules using it are still rejected (as malformed), so verdicts can
     * differ from wasm-tools'. None is in the wasm-tools defaults or in {@code wasm3}. Of
     * shared-everything-threads, shared abstract reference types, shared tables, globals and
     * composite types are accepted; its instructions are not.
     */
    public static final Set<Feature> UNSUPPORTED_FEATURES = Set.copyOf(
            EnumSet.of(Feature.SHARED_EVERYTHING_THREADS, Feature.STACK_SWITCHING, Feature.CUSTOM_DESCRIPTORS));

    private final Features features;

    private CoreValidator(Features features) {
        this.features = Objects.requireNonNull(features, "features");
    }

    public static CoreValidator of(Features features) {
        return new CoreValidator(features);
    }

    public Features features() {
        return features;
    }

    /** The enabled features this validator does not implement (see {@link #UNSUPPORTED_FEATURES}). */
    public Set<Feature> unsupportedEnabledFeatures() {
        EnumSet<Feature> out = EnumSet.noneOf(Feature.class);
        for (Feature f : UNSUPPORTED_FEATURES) {
            if (features.has(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Validates {@code module}. Function bodies of a large code section are validated in parallel
     * on a small shared pool; the verdict is the same as in order (the first invalid body by index
     * is the one reported).
     */
    public ValidationResult validate(byte[] module) {
        return validate(module, true);
    }

    /** With {@code parallelBodies} false, every function body is validated in order on this thread. */
    ValidationResult validate(byte[] module, boolean parallelBodies) {
        Objects.requireNonNull(module, "module");
        return validate(module, 0, module.length, parallelBodies);
    }

    /**
     * Validates the module held in {@code length} bytes of {@code bytes} from {@code offset} (a
     * module inside a component, validated where it lies); offsets in the verdict count from the
     * module's start, as for {@link #validate(byte[])}.
     */
    public ValidationResult validate(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return validate(bytes, offset, length, true);
    }

    private ValidationResult validate(byte[] bytes, int offset, int length, boolean parallelBodies) {
        if (length > MAX_MODULE_BYTES) {
            return ValidationResult.invalid("module too large: " + length + " bytes", 0);
        }
        try {
            new ModuleValidator(new ModuleCursor(bytes, offset, length), features, parallelBodies).validate();
            return ValidationResult.valid();
        } catch (ModuleError e) {
            return ValidationResult.invalid(e.getMessage(), e.offset() - offset);
        } catch (StackOverflowError e) {
            return ValidationResult.invalid("module nests too deeply to validate");
        } catch (OutOfMemoryError e) {
            return ValidationResult.invalid("module needs too much memory to validate");
        } catch (RuntimeException e) {
            // A bug in the validator must not escape as a crash; report it as a verdict we can see.
            return ValidationResult.invalid("internal validator error: " + e);
        }
    }
}
