package dev.wreg.composer.plug;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Semver tracks of interface names, as wac and the component model's canonical interface names
 * define them: {@code a:b/c@X.Y.Z} has the track {@code a:b/c@X} for X ≥ 1, {@code a:b/c@0.Y} for
 * X = 0 and Y ≥ 1, and none for 0.0.z or a prerelease (then only the exact name matches).
 */
public final class InterfaceNames {
    private static final Pattern VERSION =
            Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(\\+.*)?");

    private InterfaceNames() {}

    public static Optional<String> track(String name) {
        int at = name.lastIndexOf('@');
        if (at < 0 || !name.contains("/")) {
            return Optional.empty();
        }
        var m = VERSION.matcher(name.substring(at + 1));
        if (!m.matches()) {
            return Optional.empty();
        }
        String base = name.substring(0, at);
        if (!m.group(1).equals("0")) {
            return Optional.of(base + "@" + m.group(1));
        }
        if (!m.group(2).equals("0")) {
            return Optional.of(base + "@0." + m.group(2));
        }
        return Optional.empty();
    }

    public static boolean compatible(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Optional<String> ta = track(a);
        return ta.isPresent() && ta.equals(track(b));
    }

    /** Compares the versions of two names on the same track (major, minor, patch); 0 if unversioned. */
    public static int compareVersions(String a, String b) {
        long[] va = numbers(a);
        long[] vb = numbers(b);
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(va[i], vb[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long[] numbers(String name) {
        int at = name.lastIndexOf('@');
        if (at < 0) {
            return new long[3];
        }
        var m = VERSION.matcher(name.substring(at + 1));
        if (!m.matches()) {
            return new long[3];
        }
        try {
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
        } catch (NumberFormatException e) {
            return new long[3];
        }
    }
}
