package dev.wreg.protocol.name;

import dev.wreg.protocol.ProtocolException;
import java.util.Locale;
import java.util.Objects;

/**
 * A package name {@code namespace:name}, as in WIT package names.
 *
 * <p>Each label is kebab-case: lowercase ASCII letters and digits, words separated by single
 * {@code -}, each word starting with a letter, at most {@value #MAX_LABEL_LENGTH} characters.
 * Two names whose {@link #canonical()} forms are equal are look-alikes (for example
 * {@code f-oo} and {@code foo}); the registry lets only the first one exist.
 *
 * @param namespace the namespace label, e.g. {@code example}
 * @param name the package label, e.g. {@code http-client}
 */
public record PackageName(String namespace, String name) {

    /** Longest label accepted, in characters. */
    public static final int MAX_LABEL_LENGTH = 64;

    public PackageName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        checkLabel(namespace, "namespace");
        checkLabel(name, "package name");
    }

    /** Parses {@code ns:name}; code {@code invalid-name} when the text is not one. */
    public static PackageName parse(String text) {
        if (text == null) {
            throw new ProtocolException("invalid-name", "package name is missing");
        }
        if (text.length() > 2 * MAX_LABEL_LENGTH + 1) {
            throw new ProtocolException(
                    "invalid-name", "package name is longer than " + (2 * MAX_LABEL_LENGTH + 1) + " characters");
        }
        int colon = text.indexOf(':');
        if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
            throw new ProtocolException(
                    "invalid-name",
                    "package name " + quote(text) + " must have the form namespace:name (exactly one ':')");
        }
        return new PackageName(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * Whether {@code label} is a valid namespace or package label: kebab-case, lowercase ASCII,
     * each {@code -}-separated word starting with a letter, 1 to {@value #MAX_LABEL_LENGTH} chars.
     */
    public static boolean isValidLabel(String label) {
        return label != null && labelProblem(label) == null;
    }

    /**
     * The form names are compared on to refuse look-alikes: lowercased, with {@code -}, {@code _}
     * and {@code .} removed. Works on any string, so it can also fold text that is not a valid label.
     */
    public static String canonicalLabel(String label) {
        Objects.requireNonNull(label, "label");
        StringBuilder out = new StringBuilder(label.length());
        String lower = label.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c != '-' && c != '_' && c != '.') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code canonicalLabel(namespace) + ":" + canonicalLabel(name)}. */
    public String canonical() {
        return canonicalLabel(namespace) + ":" + canonicalLabel(name);
    }

    @Override
    public String toString() {
        return namespace + ":" + name;
    }

    private static void checkLabel(String label, String what) {
        String problem = labelProblem(label);
        if (problem != null) {
            throw new ProtocolException("invalid-name", what + " " + quote(label) + " " + problem);
        }
    }

    /** Null when valid, else why not (phrased to follow the label in a message). */
    private static String labelProblem(String label) {
        if (label.isEmpty()) {
            return "is empty";
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            return "is longer than " + MAX_LABEL_LENGTH + " characters";
        }
        boolean wordStart = true;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '-') {
                if (wordStart) {
                    return "has an empty word (leading, trailing or doubled '-')";
                }
                wordStart = true;
            } else if (c >= 'a' && c <= 'z') {
                wordStart = false;
            } else if (c >= '0' && c <= '9') {
                if (wordStart) {
                    return "has a word starting with a digit; each '-'-separated word must start with a letter";
                }
            } else if (c >= 'A' && c <= 'Z') {
                return "contains an uppercase letter; labels are lowercase kebab-case";
            } else {
                return "contains " + describe(c) + "; only lowercase letters, digits and '-' are allowed";
            }
        }
        if (wordStart) {
            return "ends with '-'";
        }
        return null;
    }

    private static String describe(char c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    private static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return "\"" + shown + "\"";
    }
}
