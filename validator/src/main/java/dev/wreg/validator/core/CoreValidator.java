package dev.wreg.validator.core;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Validates core WebAssembly modules the way wasm-tools does: decoding (malformed binaries) and
 * validation (ill-typed modules) give the same verdict. Never throws for any input.
 */
public final class CoreValidator {

    /** Modules larger than this are refused up front rather than risking memory exhaustion. */
    public static final int MAX_MODULE_BYTES = 1 << 30;

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

    public ValidationResult validate(byte[] module) {
        Objects.requireNonNull(module, "module");
        if (module.length > MAX_MODULE_BYTES) {
            return ValidationResult.invalid("module too large: " + module.length + " bytes");
        }
        try {
            WasmModule parsed = Parser.parse(module);
            return checkExports(parsed);
        } catch (ChicoryException e) {
            return ValidationResult.invalid(String.valueOf(e.getMessage()));
        } catch (StackOverflowError e) {
            return ValidationResult.invalid("module nests too deeply to validate");
        } catch (OutOfMemoryError e) {
            return ValidationResult.invalid("module needs too much memory to validate");
        } catch (RuntimeException e) {
            return ValidationResult.invalid("malformed module: " + e);
        }
    }

    /** Chicory checks export names and indices only when instantiating; validation needs them. */
    private static ValidationResult checkExports(WasmModule m) {
        var imports = m.importSection();
        int functions =
                imports.count(ExternalType.FUNCTION) + m.functionSection().functionCount();
        int tables = imports.count(ExternalType.TABLE) + m.tableSection().tableCount();
        int memories = imports.count(ExternalType.MEMORY)
                + m.memorySection().map(s -> s.memoryCount()).orElse(0);
        int globals = imports.count(ExternalType.GLOBAL) + m.globalSection().globalCount();
        int tags = imports.count(ExternalType.TAG)
                + m.tagSection().map(s -> s.tagCount()).orElse(0);
        Set<String> names = new HashSet<>();
        var exports = m.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (!names.add(export.name())) {
                return ValidationResult.invalid("duplicate export name `" + export.name() + "`");
            }
            int limit = switch (export.exportType()) {
                case FUNCTION -> functions;
                case TABLE -> tables;
                case MEMORY -> memories;
                case GLOBAL -> globals;
                case TAG -> tags;
            };
            if (Integer.compareUnsigned(export.index(), limit) >= 0) {
                return ValidationResult.invalid(
                        "unknown " + export.exportType().name().toLowerCase(java.util.Locale.ROOT) + " "
                                + Integer.toUnsignedString(export.index()));
            }
        }
        return ValidationResult.valid();
    }
}
