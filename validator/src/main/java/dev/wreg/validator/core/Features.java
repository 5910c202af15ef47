package dev.wreg.validator.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A set of enabled WebAssembly features, parsed from wasm-tools' {@code -f} syntax.
 *
 * <p>The syntax is a comma-separated list applied in order to the wasm-tools 1.257 defaults:
 * {@code name} enables a flag, {@code -name} disables it, {@code all} / {@code -all} enables or
 * disables every flag, and a group ({@code mvp}, {@code wasm1}, {@code wasm2}, {@code wasm3},
 * {@code lime1}) replaces the whole set (groups cannot be disabled). Unknown names are an error.
 *
 * @param bits the enabled flags as wasmparser's bit set (see {@link Feature#mask()})
 */
public record Features(long bits) {

    private static final long ALL = allBits();
    private static final long MVP = Feature.FLOATS.mask() | Feature.GC_TYPES.mask();
    private static final long WASM1 = MVP | Feature.MUTABLE_GLOBAL.mask();
    private static final long WASM2 = WASM1
            | Feature.BULK_MEMORY.mask()
            | Feature.REFERENCE_TYPES.mask()
            | Feature.SIGN_EXTENSION.mask()
            | Feature.SATURATING_FLOAT_TO_INT.mask()
            | Feature.MULTI_VALUE.mask()
            | Feature.SIMD.mask();
    private static final long WASM3 = WASM2
            | Feature.GC.mask()
            | Feature.TAIL_CALL.mask()
            | Feature.EXTENDED_CONST.mask()
            | Feature.FUNCTION_REFERENCES.mask()
            | Feature.MULTI_MEMORY.mask()
            | Feature.RELAXED_SIMD.mask()
            | Feature.THREADS.mask()
            | Feature.EXCEPTIONS.mask()
            | Feature.MEMORY64.mask();
    private static final long LIME1 = WASM1
            | Feature.MULTI_VALUE.mask()
            | Feature.SIGN_EXTENSION.mask()
            | Feature.SATURATING_FLOAT_TO_INT.mask()
            | Feature.BULK_MEMORY_OPT.mask()
            | Feature.EXTENDED_CONST.mask()
            | Feature.CALL_INDIRECT_OVERLONG.mask();

    /** The wasm-tools 1.257 default set. */
    public static Features defaults() {
        long bits = 0;
        for (Feature f : Feature.values()) {
            if (f.enabledByDefault()) {
                bits |= f.mask();
            }
        }
        return new Features(bits);
    }

    /** Every flag on. */
    public static Features all() {
        return new Features(ALL);
    }

    /** The Wasm 3.0 set ({@code -f wasm3}). */
    public static Features wasm3() {
        return new Features(WASM3);
    }

    /**
     * Parses a {@code -f} string relative to the defaults; {@code null} or blank means the defaults.
     *
     * @throws IllegalArgumentException naming the unknown flag or the group that was disabled
     */
    public static Features parse(String text) {
        long bits = defaults().bits();
        if (text == null) {
            return new Features(bits);
        }
        for (String raw : text.split(",")) {
            String part = raw.trim();
            if (part.isEmpty()) {
                continue;
            }
            boolean enable = !part.startsWith("-");
            String name = enable ? part : part.substring(1);
            Long group = group(name);
            if (name.equals("all")) {
                bits = enable ? bits | ALL : bits & ~ALL;
            } else if (group != null) {
                if (!enable) {
                    throw new IllegalArgumentException("cannot disable `" + name + "`, it can only be enabled");
                }
                bits = group;
            } else {
                Feature flag = flag(name);
                if (flag == null) {
                    throw new IllegalArgumentException(
                            "unknown feature `" + name + "`; valid features: " + validNames());
                }
                bits = enable ? bits | flag.mask() : bits & ~flag.mask();
            }
        }
        return new Features(bits);
    }

    public boolean has(Feature feature) {
        return (bits & feature.mask()) == feature.mask();
    }

    /** The enabled flags, for messages and reports. */
    public Set<Feature> enabled() {
        EnumSet<Feature> set = EnumSet.noneOf(Feature.class);
        for (Feature f : Feature.values()) {
            if (has(f)) {
                set.add(f);
            }
        }
        return set;
    }

    @Override
    public String toString() {
        return enabled().stream().map(Feature::flagName).collect(Collectors.joining(","));
    }

    private static Long group(String name) {
        return switch (name) {
            case "mvp" -> MVP;
            case "wasm1" -> WASM1;
            case "wasm2" -> WASM2;
            case "wasm3" -> WASM3;
            case "lime1" -> LIME1;
            default -> null;
        };
    }

    private static Feature flag(String name) {
        for (Feature f : Feature.values()) {
            if (f.flagName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static String validNames() {
        List<String> names = new ArrayList<>();
        for (Feature f : Feature.values()) {
            names.add(f.flagName());
        }
        names.addAll(List.of("mvp", "wasm1", "wasm2", "wasm3", "lime1", "all"));
        return String.join(", ", names);
    }

    private static long allBits() {
        long bits = 0;
        for (Feature f : Feature.values()) {
            bits |= f.mask();
        }
        return bits;
    }
}
