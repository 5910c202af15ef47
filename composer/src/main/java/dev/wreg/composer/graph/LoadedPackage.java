package dev.wreg.composer.graph;

import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.CompositionException;
import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.binary.WasmHeader;
import dev.wreg.engine.wit.component.ComponentWit;
import dev.wreg.validator.component.ComponentValidator;
import dev.wreg.validator.core.Feature;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A decoded input: its binary model (what gets embedded) and its WIT (what gets type-checked).
 * Packages are identified by the SHA-256 of their bytes so the same bytes are embedded once.
 */
public record LoadedPackage(String name, byte[] bytes, String digest, Component model, ComponentWit.Decoded wit) {

    /**
     * What the composer validates inputs and results against: wasm-tools' defaults plus {@code
     * map<K, V>}, which shipped with WASI 0.3.1 and which jco 1.35 builds; the composer links maps
     * like any other value type (wac refuses them, see composer/README.md).
     */
    public static final Features VALIDATION_FEATURES =
            new Features(Features.defaults().bits() | Feature.CM_MAP.mask());

    /** Default upper bound for one input; larger inputs are refused before decoding. */
    public static final long DEFAULT_MAX_BYTES = 128L * 1024 * 1024;

    public static LoadedPackage load(ComposeInput input, long maxBytes) {
        byte[] b = input.bytes();
        String n = input.name();
        if (b.length > maxBytes) {
            throw new CompositionException(
                    "input-too-large", "`" + n + "` is " + b.length + " bytes, more than the limit of " + maxBytes);
        }
        Optional<WasmHeader> header = WasmHeader.of(b);
        if (header.isEmpty()) {
            throw new CompositionException(
                    "not-a-component", "`" + n + "` is not a binary-encoded WebAssembly component");
        }
        if (header.get().isCoreLayer()) {
            throw new CompositionException(
                    "not-a-component", "`" + n + "` is a core WebAssembly module, not a component");
        }
        ComponentDecoder.Located decoded;
        try {
            decoded = ComponentDecoder.decodeLocated(b);
        } catch (ComponentFormatException e) {
            throw new CompositionException("not-a-component", "failed to parse package `" + n + "`: " + e.getMessage());
        }
        Component model = decoded.component();
        // An invalid input (for example a function whose result holds a `borrow`, which the
        // component model forbids) would only surface as an invalid result; refuse it by name.
        // The validator checks the decoded form, so the input is decoded once.
        ValidationResult valid = ComponentValidator.of(VALIDATION_FEATURES).validate(b, decoded);
        if (!valid.isValid()) {
            throw new CompositionException("not-a-component", "`" + n + "` is not a valid component: " + valid);
        }
        ComponentWit.Decoded wit;
        try {
            wit = ComponentWit.decode(model);
        } catch (RuntimeException e) {
            throw new CompositionException(
                    "not-a-component", "failed to decode the WIT of package `" + n + "`: " + e.getMessage());
        }
        return new LoadedPackage(n, b, sha256(b), model, wit);
    }

    private static String sha256(byte[] b) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
