package dev.wreg.validator.semver;

import dev.wreg.protocol.version.Version;
import dev.wreg.validator.component.ComponentSurface;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * WIT semver compatibility between two releases of a package (components, or WIT packages encoded
 * as components). Items are compared structurally on their types. For exports, removing or
 * changing an item is major and adding one minor; for imports it is the reverse: a new or changed
 * import is major (consumers must now provide it) and dropping one is minor.
 *
 * <p>For {@code 0.y.z} versions the usual Cargo reading applies: the minor number acts as major
 * and the patch number as minor.
 */
public final class SemverCheck {
    private SemverCheck() {}

    /** Lists the changes between two component binaries, without judging a version bump. */
    public static SemverReport diff(byte[] oldRelease, byte[] newRelease) {
        return check(oldRelease, newRelease, null, null);
    }

    /**
     * Lists the changes and names each one that the bump from {@code oldVersion} to {@code
     * newVersion} does not cover.
     *
     * @throws IllegalArgumentException when either binary is not a valid component
     */
    public static SemverReport check(byte[] oldRelease, byte[] newRelease, Version oldVersion, Version newVersion) {
        ComponentSurface before = ComponentSurface.of(Objects.requireNonNull(oldRelease));
        ComponentSurface after = ComponentSurface.of(Objects.requireNonNull(newRelease));
        return check(before, after, oldVersion, newVersion);
    }

    public static SemverReport check(
            ComponentSurface before, ComponentSurface after, Version oldVersion, Version newVersion) {
        List<Change> changes = new ArrayList<>();
        compare(before.imports(), after.imports(), Change.Direction.IMPORT, changes);
        compare(before.exports(), after.exports(), Change.Direction.EXPORT, changes);
        Change.Impact required = Change.Impact.PATCH;
        for (Change c : changes) {
            if (c.impact().compareTo(required) > 0) {
                required = c.impact();
            }
        }
        Change.Impact actual = null;
        List<Change> breaking = new ArrayList<>();
        if (oldVersion != null && newVersion != null) {
            actual = bump(oldVersion, newVersion);
            for (Change c : changes) {
                if (c.impact().compareTo(actual) > 0) {
                    breaking.add(c);
                }
            }
        }
        return new SemverReport(changes, required, actual, breaking);
    }

    /** The kind of bump between two versions (0.y.z counts its minor as major). */
    public static Change.Impact bump(Version from, Version to) {
        if (to.compareTo(from) <= 0) {
            return Change.Impact.PATCH;
        }
        if (from.major() == 0 && to.major() == 0) {
            if (to.minor() != from.minor()) {
                return Change.Impact.MAJOR;
            }
            return to.patch() != from.patch() ? Change.Impact.MINOR : Change.Impact.PATCH;
        }
        if (to.major() != from.major()) {
            return Change.Impact.MAJOR;
        }
        return to.minor() != from.minor() ? Change.Impact.MINOR : Change.Impact.PATCH;
    }

    private static void compare(
            Map<String, String> before, Map<String, String> after, Change.Direction direction, List<Change> out) {
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        boolean exports = direction == Change.Direction.EXPORT;
        for (String name : names) {
            String was = before.get(name);
            String now = after.get(name);
            if (was == null) {
                out.add(new Change(
                        exactName(name, after),
                        direction,
                        Change.Kind.ADDED,
                        exports ? Change.Impact.MINOR : Change.Impact.MAJOR,
                        null));
            } else if (now == null) {
                out.add(new Change(
                        exactName(name, before),
                        direction,
                        Change.Kind.REMOVED,
                        exports ? Change.Impact.MAJOR : Change.Impact.MINOR,
                        null));
            } else if (was.startsWith(ComponentSurface.INSTANCE_MARKER)
                    && now.startsWith(ComponentSurface.INSTANCE_MARKER)
                    && !was.equals(now)) {
                // The same interface on the same semver track at another version: its members
                // are compared one by one; the version move itself is compatible.
                out.add(new Change(
                        exactName(name, after),
                        direction,
                        Change.Kind.CHANGED,
                        Change.Impact.MINOR,
                        was.substring(ComponentSurface.INSTANCE_MARKER.length()) + " → "
                                + now.substring(ComponentSurface.INSTANCE_MARKER.length())));
            } else if (!was.equals(now)) {
                out.add(new Change(
                        exactName(name, after),
                        direction,
                        Change.Kind.CHANGED,
                        Change.Impact.MAJOR,
                        was + " → " + now));
            }
        }
    }

    /**
     * Items are compared under their interface's semver track (`ns:pkg/iface@1#f`); users read
     * them under the exact interface name of the side they come from (`ns:pkg/iface@1.1.0#f`).
     */
    private static String exactName(String key, Map<String, String> side) {
        int hash = key.indexOf('#');
        String iface = hash < 0 ? key : key.substring(0, hash);
        String marker = side.get(iface);
        if (marker == null || !marker.startsWith(ComponentSurface.INSTANCE_MARKER)) {
            return key;
        }
        String exact = marker.substring(ComponentSurface.INSTANCE_MARKER.length());
        return hash < 0 ? exact : exact + key.substring(hash);
    }
}
