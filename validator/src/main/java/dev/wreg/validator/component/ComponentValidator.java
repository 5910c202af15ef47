package dev.wreg.validator.component;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.validator.core.Feature;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.util.Map;
import java.util.Objects;

/**
 * Validates components the way wasm-tools 1.257 does: decoding (the {@code wasm-engine} decoder)
 * then the component model's validation rules, with every embedded core module validated by
 * {@link dev.wreg.validator.core.CoreValidator} under the same {@link Features}. Never throws for
 * any input.
 */
public final class ComponentValidator {

    private final Features features;

    private ComponentValidator(Features features) {
        this.features = Objects.requireNonNull(features, "features");
    }

    public static ComponentValidator of(Features features) {
        return new ComponentValidator(features);
    }

    public ValidationResult validate(byte[] bytes) {
        return decodeAndValidate(bytes).result();
    }

    /**
     * A component's bytes decoded once: what they decode to ({@code null} when they do not) and the
     * verdict on them, for a caller that goes on to use the model.
     */
    public record Checked(ComponentDecoder.Located decoded, ValidationResult result) {}

    /** Decodes and validates {@code bytes}; the verdict is that of {@link #validate(byte[])}. */
    public Checked decodeAndValidate(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (!features.has(Feature.COMPONENT_MODEL)) {
            return new Checked(null, componentModelDisabled());
        }
        ComponentDecoder.Located located;
        try {
            located = ComponentDecoder.decodeLocated(bytes);
        } catch (ComponentFormatException e) {
            return new Checked(null, ValidationResult.invalid(e.reason(), e.offset()));
        } catch (StackOverflowError e) {
            return new Checked(null, ValidationResult.invalid("component nests too deeply to decode"));
        } catch (RuntimeException e) {
            return new Checked(null, ValidationResult.invalid("malformed component: " + e.getMessage()));
        }
        return new Checked(located, check(located.component(), bytes, located.offsets()));
    }

    /**
     * Validates {@code bytes}, which the caller has already decoded into {@code decoded} ({@link
     * ComponentDecoder#decodeLocated} of the same bytes), without decoding them again: the verdict,
     * offsets included, is that of {@link #validate(byte[])}.
     */
    public ValidationResult validate(byte[] bytes, ComponentDecoder.Located decoded) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(decoded, "decoded");
        if (!features.has(Feature.COMPONENT_MODEL)) {
            return componentModelDisabled();
        }
        return check(decoded.component(), bytes, decoded.offsets());
    }

    private static ValidationResult componentModelDisabled() {
        return ValidationResult.invalid(
                "unknown binary version and encoding combination: 0xd and 0x1, note that the encoding looks like a "
                        + "component, but the component-model feature is not enabled",
                4);
    }

    /** Validates an already decoded component (errors then carry no offset). */
    public ValidationResult validate(Component component) {
        return check(component, null, null);
    }

    private ValidationResult check(Component component, byte[] bytes, Map<Object, Integer> offsets) {
        ComponentChecker checker = new ComponentChecker(features, bytes, offsets);
        try {
            checker.checkComponent(component, null, bytes == null ? -1 : bytes.length);
            return ValidationResult.valid();
        } catch (ComponentInvalid e) {
            return ValidationResult.invalid(e.getMessage(), e.offset() >= 0 ? e.offset() : checker.offset());
        } catch (StackOverflowError e) {
            return ValidationResult.invalid("component nests too deeply to validate");
        } catch (OutOfMemoryError e) {
            return ValidationResult.invalid("component needs too much memory to validate");
        } catch (RuntimeException e) {
            return ValidationResult.invalid("internal validator error: " + e);
        }
    }
}
