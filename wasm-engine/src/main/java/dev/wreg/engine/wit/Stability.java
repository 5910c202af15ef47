package dev.wreg.engine.wit;

/** A feature gate on a WIT item: {@code @since}, {@code @unstable}, each optionally {@code @deprecated}. */
public sealed interface Stability {
    /** No gate. */
    Stability UNKNOWN = new Unknown();

    /** Not gated. */
    record Unknown() implements Stability {}

    /** {@code @since(version = since)} and optionally {@code @deprecated(version = deprecated)}. */
    record Since(String since, String deprecated) implements Stability {}

    /** {@code @unstable(feature = feature)} and optionally {@code @deprecated(version = deprecated)}. */
    record Unstable(String feature, String deprecated) implements Stability {}
}
