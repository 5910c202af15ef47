package dev.wreg.validator;

import dev.wreg.engine.binary.WasmHeader;
import dev.wreg.validator.component.ComponentValidator;
import dev.wreg.validator.core.CoreValidator;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;

/**
 * One entry point for any WebAssembly binary: a component (by its header's layer field, whatever
 * its version) goes to {@link ComponentValidator}
 * (which validates its core modules with {@link CoreValidator}), anything else is validated as a
 * core module. The verdict is wasm-tools 1.257's under the given {@link Features}.
 */
public final class Validator {
    private Validator() {}

    /** Validates with wasm-tools' default features. */
    public static ValidationResult validate(byte[] bytes) {
        return validate(bytes, Features.defaults());
    }

    public static ValidationResult validate(byte[] bytes, Features features) {
        if (WasmHeader.isComponent(bytes)) {
            return ComponentValidator.of(features).validate(bytes);
        }
        return CoreValidator.of(features).validate(bytes);
    }
}
