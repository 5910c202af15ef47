package dev.wreg.protocol.version;

import dev.wreg.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A version exactly as Semantic Versioning 2.0.0 defines it: {@code MAJOR.MINOR.PATCH}, an
 * optional {@code -prerelease} and an optional {@code +build}; no leading zeros in numeric parts,
 * at most {@value #MAX_LENGTH} characters in all.
 *
 * <p>Ordering is SemVer precedence (§11): build metadata is ignored, so {@code 1.0.0+a} and
 * {@code 1.0.0+b} compare equal although {@link #equals} tells them apart and {@link #toString}
 * keeps the metadata. The registry treats precedence-equal versions as the same version.
 *
 * @param major major version
 * @param minor minor version
 * @param patch patch version
 * @param pre prerelease identifiers (empty for a release)
 * @param build build-metadata identifiers (empty when absent)
 */
public record Version(long major, long minor, long patch, List<String> pre, List<String> build)
        implements Comparable<Version> {

    /** Longest version text accepted. */
    public static final int MAX_LENGTH = 256;

    public Version {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new ProtocolException("invalid-version", "version numbers must not be negative");
        }
        pre = List.copyOf(pre);
        build = List.copyOf(build);
        for (String id : pre) {
            checkIdentifier(id, true, "prerelease");
        }
        for (String id : build) {
            checkIdentifier(id, false, "build metadata");
        }
        int length = Long.toString(major).length()
                + Long.toString(minor).length()
                + Long.toString(patch).length()
                + 2;
        length += pre.isEmpty() ? 0 : 1 + String.join(".", pre).length();
        length += build.isEmpty() ? 0 : 1 + String.join(".", build).length();
        if (length > MAX_LENGTH) {
            throw new ProtocolException("invalid-version", "version is longer than " + MAX_LENGTH + " characters");
        }
    }

    /** A plain release version {@code major.minor.patch}. */
    public static Version of(long major, long minor, long patch) {
        return new Version(major, minor, patch, List.of(), List.of());
    }

    /** Parses SemVer 2.0.0 text; code {@code invalid-version} when it is not one. */
    public static Version parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new ProtocolException("invalid-version", "version is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ProtocolException("invalid-version", "version is longer than " + MAX_LENGTH + " characters");
        }
        String rest = text;
        List<String> build = List.of();
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            build = splitIdentifiers(rest.substring(plus + 1), text, "build metadata");
            rest = rest.substring(0, plus);
        }
        List<String> pre = List.of();
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            pre = splitIdentifiers(rest.substring(dash + 1), text, "prerelease");
            rest = rest.substring(0, dash);
        }
        String[] core = rest.split("\\.", -1);
        if (core.length != 3) {
            throw new ProtocolException(
                    "invalid-version", "version " + quote(text) + " must have the form MAJOR.MINOR.PATCH");
        }
        long major = parseNumber(core[0], text, "major");
        long minor = parseNumber(core[1], text, "minor");
        long patch = parseNumber(core[2], text, "patch");
        return new Version(major, minor, patch, pre, build);
    }

    /** Whether this has prerelease identifiers ({@code 1.0.0-rc.1}). */
    public boolean isPrerelease() {
        return !pre.isEmpty();
    }

    /**
     * The compatibility track: {@code "x"} for {@code x.y.z} with x ≥ 1, {@code "0.y"} for
     * {@code 0.y.z} with y ≥ 1; otherwise (0.0.z, or any prerelease) the version itself without
     * build metadata, since such versions promise compatibility with nothing else.
     */
    public String track() {
        if (isPrerelease()) {
            return withoutBuild().toString();
        }
        if (major > 0) {
            return Long.toString(major);
        }
        if (minor > 0) {
            return "0." + minor;
        }
        return withoutBuild().toString();
    }

    /** This version with its build metadata dropped. */
    public Version withoutBuild() {
        return build.isEmpty() ? this : new Version(major, minor, patch, pre, List.of());
    }

    @Override
    public int compareTo(Version other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c == 0) {
            c = comparePrerelease(pre, other.pre);
        }
        return c;
    }

    /**
     * SemVer §11 precedence of prerelease lists, where the empty list (a release) ranks above any
     * prerelease.
     */
    static int comparePrerelease(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareIdentifier(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean aNumeric = isNumeric(a);
        boolean bNumeric = isNumeric(b);
        if (aNumeric && bNumeric) {
            // No leading zeros, so the longer digit string is the larger number; this also
            // handles numbers beyond long.
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(major).append('.').append(minor).append('.').append(patch);
        if (!pre.isEmpty()) {
            out.append('-').append(String.join(".", pre));
        }
        if (!build.isEmpty()) {
            out.append('+').append(String.join(".", build));
        }
        return out.toString();
    }

    static long parseNumber(String digits, String text, String part) {
        if (digits.isEmpty()) {
            throw new ProtocolException(
                    "invalid-version", "version " + quote(text) + " has an empty " + part + " part");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException(
                        "invalid-version", "version " + quote(text) + " has a non-numeric " + part + " part");
            }
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new ProtocolException(
                    "invalid-version", "version " + quote(text) + " has a leading zero in its " + part + " part");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ProtocolException(
                    "invalid-version", "version " + quote(text) + " has a " + part + " part too large");
        }
    }

    static List<String> splitIdentifiers(String joined, String text, String what) {
        List<String> out = new ArrayList<>();
        for (String id : joined.split("\\.", -1)) {
            out.add(id);
        }
        for (String id : out) {
            try {
                checkIdentifier(id, what.equals("prerelease"), what);
            } catch (ProtocolException e) {
                throw new ProtocolException("invalid-version", "version " + quote(text) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static void checkIdentifier(String id, boolean noLeadingZeros, String what) {
        Objects.requireNonNull(id, what);
        if (id.isEmpty()) {
            throw new ProtocolException("invalid-version", what + " has an empty identifier");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
            if (!ok) {
                throw new ProtocolException(
                        "invalid-version", what + " identifier " + quote(id) + " may hold only [0-9A-Za-z-]");
            }
        }
        if (noLeadingZeros && isNumeric(id) && id.length() > 1 && id.charAt(0) == '0') {
            throw new ProtocolException(
                    "invalid-version", what + " identifier " + quote(id) + " is numeric with a leading zero");
        }
    }

    private static boolean isNumeric(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return "\"" + shown + "\"";
    }
}
