package dev.wreg.validator.component;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Import and export names as wasm-tools 1.257 reads them (Explainer.md, "Import and Export
 * Definitions"): the kinds of name, kebab-case labels, and the key under which two names count
 * as the same for strong uniqueness (labels compare without regard to case, {@code [method]a.b}
 * and {@code [static]a.b} collide, and {@code [method]a.a} collides with the label {@code a}).
 */
final class ExternNames {
    private ExternNames() {}

    enum Kind {
        LABEL,
        CONSTRUCTOR,
        METHOD,
        STATIC,
        INTERFACE,
        DEPENDENCY,
        URL,
        HASH
    }

    /** A parsed name: its kind, the resource (for constructor/method/static) and the uniqueness key. */
    record Parsed(Kind kind, String resource, String method, String version, String key) {}

    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    static boolean isKebab(String s) {
        if (s.isEmpty() || s.endsWith("-")) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        boolean first = true;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (upper) {
                    return false;
                }
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                if (lower) {
                    return false;
                }
                upper = true;
            } else if (c >= '0' && c <= '9') {
                if (!lower && !upper && first) {
                    return false;
                }
                digit = true;
            } else if (c == '-') {
                if (!(lower || upper || digit)) {
                    return false;
                }
                lower = false;
                upper = false;
                first = false;
                digit = false;
            } else {
                return false;
            }
        }
        return true;
    }

    static boolean isSemver(String s) {
        return SEMVER.matcher(s).matches();
    }

    /** Parses a name; throws {@link ComponentInvalid} with wasm-tools' reason when it is not valid. */
    static Parsed parse(String name, boolean nestedNames) {
        if (name.startsWith("[constructor]")) {
            String r = kebab(name.substring(13));
            return new Parsed(Kind.CONSTRUCTOR, r, null, null, "1:" + lower(r));
        }
        if (name.startsWith("[method]") || name.startsWith("[static]")) {
            String rest = name.substring(8);
            int dot = rest.indexOf('.');
            if (dot < 0) {
                throw new ComponentInvalid("failed to find `.` character");
            }
            String r = kebab(rest.substring(0, dot));
            String m = kebab(rest.substring(dot + 1));
            String key = lower(r).equals(lower(m)) ? "0:" + lower(r) : "2:" + lower(r) + "." + lower(m);
            return new Parsed(name.startsWith("[method]") ? Kind.METHOD : Kind.STATIC, r, m, null, key);
        }
        if (name.startsWith("unlocked-dep=") || name.startsWith("locked-dep=")) {
            String rest = name.substring(name.indexOf('=') + 1);
            if (!rest.startsWith("<") || !rest.contains(">")) {
                throw new ComponentInvalid("expected `<` at `" + rest + "`");
            }
            return new Parsed(Kind.DEPENDENCY, null, null, null, "4:" + name);
        }
        if (name.startsWith("url=")) {
            String rest = name.substring(4);
            if (!rest.startsWith("<") || rest.indexOf('>') < 0) {
                throw new ComponentInvalid("expected `<` at `" + rest + "`");
            }
            String url = rest.substring(1, rest.indexOf('>'));
            if (url.contains("<")) {
                throw new ComponentInvalid("url cannot contain `<`");
            }
            return new Parsed(Kind.URL, null, null, null, "5:" + name);
        }
        if (name.startsWith("integrity=")) {
            return new Parsed(Kind.HASH, null, null, null, "6:" + name);
        }
        if (name.contains(":")) {
            return parseInterface(name, nestedNames);
        }
        String label = kebab(name);
        return new Parsed(Kind.LABEL, null, null, null, "0:" + lower(label));
    }

    private static Parsed parseInterface(String name, boolean nested) {
        String path = name;
        String version = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            path = name.substring(0, at);
            version = name.substring(at + 1);
        }
        int slash = path.indexOf('/');
        if (slash < 0) {
            throw new ComponentInvalid("expected `/` after package name");
        }
        String[] ns = path.substring(0, slash).split(":", -1);
        if (ns.length < 2 || (ns.length > 2 && !nested)) {
            throw new ComponentInvalid("expected `/` after package name");
        }
        for (String part : ns) {
            kebab(part);
            for (char c : part.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    throw new ComponentInvalid("character `" + c + "` is not lowercase in package name/namespace");
                }
            }
        }
        String[] projections = path.substring(slash + 1).split("/", -1);
        if (projections.length > 1 && !nested) {
            throw new ComponentInvalid("trailing characters found: `/" + projections[1] + "`");
        }
        for (String p : projections) {
            kebab(p);
        }
        return new Parsed(Kind.INTERFACE, null, null, version, "3:" + name);
    }

    private static String kebab(String s) {
        if (!isKebab(s)) {
            throw new ComponentInvalid("`" + s + "` is not in kebab case");
        }
        return s;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
