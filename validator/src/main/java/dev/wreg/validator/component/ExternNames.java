package dev.wreg.validator.component;

import dev.wreg.engine.wit.SemverSyntax;
import java.util.Locale;

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
        return SemverSyntax.isValid(s);
    }

    /** Parses a name; throws {@link ComponentInvalid} with wasm-tools' reason when it is not valid. */
    static Parsed parse(String name, boolean nestedNames) {
        Parser p = new Parser(name, nestedNames);
        Parsed parsed = p.parse();
        if (!p.next.isEmpty()) {
            throw new ComponentInvalid("trailing characters found: `" + p.next + "`");
        }
        return parsed;
    }

    /** A cursor over the name, after wasm-tools' name grammar. */
    private static final class Parser {
        private final String whole;
        private final boolean nested;
        String next;

        Parser(String name, boolean nested) {
            this.whole = name;
            this.nested = nested;
            this.next = name;
        }

        Parsed parse() {
            if (eat("[constructor]")) {
                String r = kebab(takeRest());
                return new Parsed(Kind.CONSTRUCTOR, r, null, null, "1:" + lower(r));
            }
            if (whole.startsWith("[method]") || whole.startsWith("[static]")) {
                boolean method = whole.startsWith("[method]");
                next = next.substring(8);
                String r = kebab(takeUntil('.'));
                String m = kebab(takeRest());
                String key = lower(r).equals(lower(m)) ? "0:" + lower(r) : "2:" + lower(r) + "." + lower(m);
                return new Parsed(method ? Kind.METHOD : Kind.STATIC, r, m, null, key);
            }
            if (eat("unlocked-dep=")) {
                expect("<");
                pkgPath(false);
                if (eat("@")) {
                    if (!eat("*")) {
                        expect("{");
                        String range = takeUpTo('}');
                        expect("}");
                        semverRange(range);
                    }
                }
                expect(">");
                return new Parsed(Kind.DEPENDENCY, null, null, null, "4:" + whole);
            }
            if (eat("locked-dep=")) {
                expect("<");
                pkgName(false);
                expect(">");
                optionalHash();
                return new Parsed(Kind.DEPENDENCY, null, null, null, "4:" + whole);
            }
            if (eat("url=")) {
                expect("<");
                String url = takeUpTo('>');
                if (url.contains("<")) {
                    throw new ComponentInvalid("url cannot contain `<`");
                }
                expect(">");
                optionalHash();
                return new Parsed(Kind.URL, null, null, null, "5:" + whole);
            }
            if (eat("integrity=")) {
                expect("<");
                hash();
                expect(">");
                return new Parsed(Kind.HASH, null, null, null, "6:" + whole);
            }
            if (next.contains(":")) {
                String version = pkgName(true);
                return new Parsed(Kind.INTERFACE, null, null, version, "3:" + whole);
            }
            String label = kebab(takeRest());
            return new Parsed(Kind.LABEL, null, null, null, "0:" + lower(label));
        }

        private String pkgName(boolean isInterface) {
            pkgPath(isInterface);
            if (eat("@")) {
                int i = next.indexOf('>');
                String version = i >= 0 ? next.substring(0, i) : next;
                next = i >= 0 ? next.substring(i) : "";
                if (!isInterface && !isSemver(version)) {
                    throw new ComponentInvalid("`" + version + "` is not a valid semver");
                }
                return version;
            }
            return null;
        }

        private void pkgPath(boolean requireProjection) {
            lowercaseKebab();
            expect(":");
            lowercaseKebab();
            if (nested) {
                while (next.startsWith(":")) {
                    expect(":");
                    lowercaseKebab();
                }
            }
            if (next.startsWith("/")) {
                expect("/");
                takeKebab();
                if (nested) {
                    while (next.startsWith("/")) {
                        expect("/");
                        takeKebab();
                    }
                }
            } else if (requireProjection) {
                throw new ComponentInvalid("expected `/` after package name");
            }
        }

        private void semverRange(String range) {
            if (range.equals("*")) {
                return;
            }
            if (range.startsWith(">=")) {
                String rest = range.substring(2);
                int sp = rest.indexOf(' ');
                String lowerBound = sp >= 0 ? rest.substring(0, sp) : rest;
                semver(lowerBound);
                if (sp >= 0) {
                    String upper = rest.substring(sp + 1);
                    if (!upper.startsWith("<")) {
                        throw new ComponentInvalid("expected `<` at start of version range upper bounds");
                    }
                    semver(upper.substring(1));
                }
            } else if (range.startsWith("<")) {
                semver(range.substring(1));
            } else {
                throw new ComponentInvalid("expected `>=` or `<` at start of version range");
            }
        }

        private static void semver(String v) {
            if (!isSemver(v)) {
                throw new ComponentInvalid("`" + v + "` is not a valid semver");
            }
        }

        private void optionalHash() {
            if (!eat(",")) {
                return;
            }
            expect("integrity=<");
            hash();
            expect(">");
        }

        private void hash() {
            String integrity = takeUpTo('>');
            boolean any = false;
            for (String h : integrity.trim().split("\\s+")) {
                if (h.isEmpty()) {
                    continue;
                }
                any = true;
                String rest;
                if (h.startsWith("sha256") || h.startsWith("sha384") || h.startsWith("sha512")) {
                    rest = h.substring(6);
                } else {
                    throw new ComponentInvalid("unrecognized hash algorithm: `" + h + "`");
                }
                if (!rest.startsWith("-")) {
                    throw new ComponentInvalid("expected `-` after hash algorithm: " + h);
                }
                rest = rest.substring(1);
                int q = rest.indexOf('?');
                String b64 = q >= 0 ? rest.substring(0, q) : rest;
                if (!isBase64(b64)) {
                    throw new ComponentInvalid("not valid base64: `" + b64 + "`");
                }
            }
            if (!any) {
                throw new ComponentInvalid("integrity hash cannot be empty");
            }
        }

        /** Base64 alphabet, at most two trailing {@code =}, not empty. */
        private static boolean isBase64(String s) {
            if (s.isEmpty()) {
                return false;
            }
            int equals = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean alphabet = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '+'
                        || c == '/';
                if (alphabet && equals == 0) {
                    continue;
                }
                if (c == '=' && i > 0 && equals < 2) {
                    equals++;
                    continue;
                }
                return false;
            }
            return true;
        }

        private boolean eat(String prefix) {
            if (next.startsWith(prefix)) {
                next = next.substring(prefix.length());
                return true;
            }
            return false;
        }

        private void expect(String prefix) {
            if (!eat(prefix)) {
                throw new ComponentInvalid("expected `" + prefix + "` at `" + next + "`");
            }
        }

        private String takeUntil(char c) {
            int i = next.indexOf(c);
            if (i < 0) {
                throw new ComponentInvalid("failed to find `" + c + "` character");
            }
            String r = next.substring(0, i);
            next = next.substring(i + 1);
            return r;
        }

        private String takeUpTo(char c) {
            int i = next.indexOf(c);
            if (i < 0) {
                throw new ComponentInvalid("failed to find `" + c + "` character");
            }
            String r = next.substring(0, i);
            next = next.substring(i);
            return r;
        }

        private String takeRest() {
            String r = next;
            next = "";
            return r;
        }

        private String takeKebab() {
            int i = 0;
            while (i < next.length()) {
                char c = next.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                    break;
                }
                i++;
            }
            String k = next.substring(0, i);
            next = next.substring(i);
            return kebab(k);
        }

        private void lowercaseKebab() {
            String k = takeKebab();
            for (char c : k.toCharArray()) {
                if (Character.isUpperCase(c)) {
                    throw new ComponentInvalid("character `" + c + "` is not lowercase in package name/namespace");
                }
            }
        }
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
