package dev.wreg.protocol.version;

import dev.wreg.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A version requirement with Cargo's semantics: comma-separated comparators that must all match.
 *
 * <p>Operators: {@code ^1.2} (caret, also a bare {@code 1.2}), {@code ~1.2.3} (tilde),
 * {@code =1.2.3} (exact), {@code >}, {@code >=}, {@code <}, {@code <=}, wildcards {@code 1.*},
 * {@code 1.2.*} and {@code *}. Missing minor or patch parts behave as in Cargo ({@code >1} means
 * {@code >=2.0.0}, {@code ^0.2} means {@code >=0.2.0, <0.3.0}). A prerelease version matches only
 * if some comparator names a prerelease of the same major.minor.patch (Cargo's rule), so
 * {@code ^1.0} never selects {@code 1.5.0-beta}. Errors carry the code {@code invalid-version-req}.
 *
 * @param comparators all must match; empty means {@code *}
 */
public record VersionReq(List<Comparator> comparators) {

    /** Longest requirement text accepted. */
    public static final int MAX_LENGTH = 1024;

    /** Any release version ({@code *}). */
    public static final VersionReq STAR = new VersionReq(List.of());

    public VersionReq {
        comparators = List.copyOf(comparators);
    }

    /** The comparison a comparator performs. */
    public enum Op {
        EXACT("="),
        GREATER(">"),
        GREATER_EQ(">="),
        LESS("<"),
        LESS_EQ("<="),
        TILDE("~"),
        CARET("^"),
        /** {@code 1.*} or {@code 1.2.*}: the given parts must be equal. */
        WILDCARD("");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * One comparator. {@code minor} and {@code patch} are {@code null} when the requirement leaves
     * them out; {@code pre} is allowed only with a patch.
     */
    public record Comparator(Op op, long major, Long minor, Long patch, List<String> pre) {

        public Comparator {
            Objects.requireNonNull(op, "op");
            pre = List.copyOf(pre);
            if (minor == null && patch != null) {
                throw new ProtocolException("invalid-version-req", "a comparator with a patch needs a minor");
            }
            if (patch == null && !pre.isEmpty()) {
                throw new ProtocolException("invalid-version-req", "a prerelease needs a full major.minor.patch");
            }
        }

        /** Whether {@code v} satisfies this comparator, ignoring the prerelease-opt-in rule. */
        public boolean matches(Version v) {
            return switch (op) {
                case EXACT -> matchesExact(v);
                case GREATER -> matchesGreater(v);
                case GREATER_EQ -> matchesExact(v) || matchesGreater(v);
                case LESS -> matchesLess(v);
                case LESS_EQ -> matchesExact(v) || matchesLess(v);
                case TILDE -> matchesTilde(v);
                case CARET -> matchesCaret(v);
                case WILDCARD -> v.major() == major && (minor == null || v.minor() == minor);
            };
        }

        private boolean matchesExact(Version v) {
            if (v.major() != major) {
                return false;
            }
            if (minor != null && v.minor() != minor) {
                return false;
            }
            if (patch != null && v.patch() != patch) {
                return false;
            }
            return patch == null || v.pre().equals(pre);
        }

        private boolean matchesGreater(Version v) {
            if (v.major() != major) {
                return v.major() > major;
            }
            if (minor == null) {
                return false;
            }
            if (v.minor() != minor) {
                return v.minor() > minor;
            }
            if (patch == null) {
                return false;
            }
            if (v.patch() != patch) {
                return v.patch() > patch;
            }
            return Version.comparePrerelease(v.pre(), pre) > 0;
        }

        private boolean matchesLess(Version v) {
            if (v.major() != major) {
                return v.major() < major;
            }
            if (minor == null) {
                return false;
            }
            if (v.minor() != minor) {
                return v.minor() < minor;
            }
            if (patch == null) {
                return false;
            }
            if (v.patch() != patch) {
                return v.patch() < patch;
            }
            return Version.comparePrerelease(v.pre(), pre) < 0;
        }

        private boolean matchesTilde(Version v) {
            if (v.major() != major) {
                return false;
            }
            if (minor != null && v.minor() != minor) {
                return false;
            }
            if (patch != null && v.patch() != patch) {
                return v.patch() > patch;
            }
            return patch == null || Version.comparePrerelease(v.pre(), pre) >= 0;
        }

        private boolean matchesCaret(Version v) {
            if (v.major() != major) {
                return false;
            }
            if (minor == null) {
                return true;
            }
            if (patch == null) {
                return major > 0 ? v.minor() >= minor : v.minor() == minor;
            }
            if (major > 0) {
                if (v.minor() != minor) {
                    return v.minor() > minor;
                }
                if (v.patch() != patch) {
                    return v.patch() > patch;
                }
            } else if (minor > 0) {
                if (v.minor() != minor) {
                    return false;
                }
                if (v.patch() != patch) {
                    return v.patch() > patch;
                }
            } else if (v.minor() != minor || v.patch() != patch) {
                return false;
            }
            return Version.comparePrerelease(v.pre(), pre) >= 0;
        }

        /** Whether this comparator opts in to prereleases of {@code v}'s major.minor.patch. */
        boolean allowsPrereleaseOf(Version v) {
            return v.major() == major
                    && minor != null
                    && v.minor() == minor
                    && patch != null
                    && v.patch() == patch
                    && !pre.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(op.symbol()).append(major);
            if (minor != null) {
                out.append('.').append(minor);
                if (patch != null) {
                    out.append('.').append(patch);
                    if (!pre.isEmpty()) {
                        out.append('-').append(String.join(".", pre));
                    }
                } else if (op == Op.WILDCARD) {
                    out.append(".*");
                }
            } else if (op == Op.WILDCARD) {
                out.append(".*");
            }
            return out.toString();
        }
    }

    /** Parses a Cargo-style requirement; code {@code invalid-version-req} when it is not one. */
    public static VersionReq parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ProtocolException("invalid-version-req", "version requirement is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ProtocolException(
                    "invalid-version-req", "version requirement is longer than " + MAX_LENGTH + " characters");
        }
        String trimmed = text.strip();
        if (trimmed.equals("*") || trimmed.equals("x") || trimmed.equals("X")) {
            return STAR;
        }
        List<Comparator> out = new ArrayList<>();
        for (String part : trimmed.split(",", -1)) {
            out.add(parseComparator(part.strip(), text));
        }
        return new VersionReq(out);
    }

    private static Comparator parseComparator(String part, String text) {
        if (part.isEmpty()) {
            throw invalid(text, "has an empty comparator");
        }
        Op op;
        int at;
        if (part.startsWith(">=")) {
            op = Op.GREATER_EQ;
            at = 2;
        } else if (part.startsWith("<=")) {
            op = Op.LESS_EQ;
            at = 2;
        } else if (part.startsWith(">")) {
            op = Op.GREATER;
            at = 1;
        } else if (part.startsWith("<")) {
            op = Op.LESS;
            at = 1;
        } else if (part.startsWith("=")) {
            op = Op.EXACT;
            at = 1;
        } else if (part.startsWith("~")) {
            op = Op.TILDE;
            at = 1;
        } else if (part.startsWith("^")) {
            op = Op.CARET;
            at = 1;
        } else {
            op = null;
            at = 0;
        }
        String version = part.substring(at).strip();
        if (version.isEmpty()) {
            throw invalid(text, "has an operator without a version");
        }
        if (version.indexOf('+') >= 0) {
            throw invalid(text, "has build metadata, which requirements cannot use");
        }
        String core = version;
        List<String> pre = List.of();
        int dash = version.indexOf('-');
        if (dash >= 0) {
            core = version.substring(0, dash);
            try {
                pre = Version.splitIdentifiers(version.substring(dash + 1), version, "prerelease");
            } catch (ProtocolException e) {
                throw invalid(text, e.getMessage().replace("version ", "names version "));
            }
        }
        String[] pieces = core.split("\\.", -1);
        if (pieces.length > 3) {
            throw invalid(text, "has a version with more than three parts");
        }
        Long[] numbers = new Long[3];
        boolean wildcard = false;
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (piece.equals("*") || piece.equals("x") || piece.equals("X")) {
                if (i == 0) {
                    throw invalid(text, "uses '*' for a major version inside a list; write '*' alone");
                }
                wildcard = true;
            } else if (wildcard) {
                throw invalid(text, "has a number after a wildcard ('1.*.3')");
            } else {
                try {
                    numbers[i] = Version.parseNumber(piece, version, new String[] {"major", "minor", "patch"}[i]);
                } catch (ProtocolException e) {
                    // Not 'version requirement "^^1" version "^1" has …': name the version once.
                    throw invalid(
                            text,
                            "names " + Version.quote(version) + ", which "
                                    + e.getMessage().replaceFirst("^version \"[^\"]*\" ", ""));
                }
            }
        }
        if (wildcard && !pre.isEmpty()) {
            throw invalid(text, "combines a wildcard with a prerelease");
        }
        if (!pre.isEmpty() && numbers[2] == null) {
            throw invalid(text, "has a prerelease without a full major.minor.patch");
        }
        if (op == null) {
            op = wildcard ? Op.WILDCARD : Op.CARET;
        } else if (wildcard && op == Op.EXACT) {
            op = Op.WILDCARD;
        }
        // With other operators a wildcard part acts as a missing part (Cargo: ">=1.*" is ">=1").
        return new Comparator(op, numbers[0], numbers[1], numbers[2], pre);
    }

    private static ProtocolException invalid(String text, String problem) {
        return new ProtocolException(
                "invalid-version-req", "version requirement " + Version.quote(text) + " " + problem);
    }

    /**
     * Whether {@code v} satisfies every comparator; a prerelease additionally needs a comparator
     * that names a prerelease of the same major.minor.patch.
     */
    public boolean matches(Version v) {
        Objects.requireNonNull(v, "version");
        for (Comparator c : comparators) {
            if (!c.matches(v)) {
                return false;
            }
        }
        if (!v.isPrerelease()) {
            return true;
        }
        for (Comparator c : comparators) {
            if (c.allowsPrereleaseOf(v)) {
                return true;
            }
        }
        return false;
    }

    /** The highest version in {@code candidates} that matches, if any. */
    public Optional<Version> best(Collection<Version> candidates) {
        Version best = null;
        for (Version v : candidates) {
            if (matches(v) && (best == null || v.compareTo(best) > 0)) {
                best = v;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        if (comparators.isEmpty()) {
            return "*";
        }
        List<String> parts = new ArrayList<>();
        for (Comparator c : comparators) {
            parts.add(c.toString());
        }
        return String.join(", ", parts);
    }
}
