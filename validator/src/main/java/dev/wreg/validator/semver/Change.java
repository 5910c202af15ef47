package dev.wreg.validator.semver;

/**
 * One difference between two releases.
 *
 * @param item the item path, e.g. {@code wasi:http/handler@0.2.0#handle}
 * @param direction whether the item is imported or exported
 * @param kind added, removed or changed
 * @param impact the smallest version bump the change needs
 * @param detail the old and new type descriptions, when changed
 */
public record Change(String item, Direction direction, Kind kind, Impact impact, String detail) {

    public enum Direction {
        IMPORT,
        EXPORT
    }

    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }

    /** Ordered from smallest to largest bump. */
    public enum Impact {
        PATCH,
        MINOR,
        MAJOR
    }

    @Override
    public String toString() {
        return impact.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + direction.name().toLowerCase(java.util.Locale.ROOT)
                + " `" + item + "` " + kind.name().toLowerCase(java.util.Locale.ROOT)
                + (detail == null ? "" : " (" + detail + ")");
    }
}
