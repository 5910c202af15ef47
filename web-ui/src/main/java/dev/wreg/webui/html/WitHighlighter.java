package dev.wreg.webui.html;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns WIT text into highlighted HTML with one anchor per interface, world, type and function.
 *
 * <p>It is a lexer with a little memory, not a parser: the text is what the registry printed
 * from a component, so it is well-formed, and a lexer degrades gracefully where it is not (a text
 * cut short, a syntax newer than this code). Every character of the input reaches the output,
 * escaped; the only markup added is {@code <span class>} for token kinds, {@code id} attributes
 * on definitions, and links for interface references.
 *
 * <p>Anchor ids are the names a reader would write: {@code ns:pkg/iface} for an interface or
 * world, {@code ns:pkg/iface.name} for a type or function in it, {@code ns:pkg/iface.res.method}
 * for a resource's function. An id that would repeat (the same interface in two versions) gets a
 * {@code -2}, {@code -3} suffix so ids stay unique on the page.
 */
public final class WitHighlighter {

    private static final Set<String> KEYWORDS = Set.of(
            "package",
            "interface",
            "world",
            "use",
            "type",
            "record",
            "variant",
            "enum",
            "flags",
            "resource",
            "func",
            "static",
            "constructor",
            "import",
            "export",
            "include",
            "with",
            "as",
            "from",
            "borrow",
            "own",
            "async",
            "implements");

    private static final Set<String> BUILTIN_TYPES = Set.of(
            "u8",
            "u16",
            "u32",
            "u64",
            "s8",
            "s16",
            "s32",
            "s64",
            "f32",
            "f64",
            "float32",
            "float64",
            "char",
            "bool",
            "string",
            "list",
            "option",
            "result",
            "tuple",
            "future",
            "stream",
            "error-context",
            "map");

    private static final Set<String> TYPE_DEFINERS = Set.of("record", "variant", "enum", "flags", "resource", "type");

    /**
     * The outcome: the HTML; the anchors it defines (id → name), in order of appearance; and for
     * each interface or world defined, its full name with version ({@code wasi:io/streams@0.2.0})
     * → its anchor id.
     */
    public record Highlighted(TrustedHtml html, Map<String, String> anchors, Map<String, String> definitions) {}

    /**
     * Highlights {@code wit}; {@code interfaceLink} maps an interface reference such as
     * {@code wasi:io/streams@0.2.0} to a URL (or null for no link).
     */
    public Highlighted highlight(String wit, Function<String, String> interfaceLink) {
        return new Run(wit, interfaceLink).run();
    }

    private enum Kind {
        PACKAGE,
        INTERFACE,
        WORLD,
        RESOURCE,
        OTHER
    }

    /** {@code previousPackage}: the package to return to when a nested package's scope closes. */
    private record Scope(Kind kind, String id, String previousPackage, String previousVersion) {
        Scope(Kind kind, String id) {
            this(kind, id, null, null);
        }
    }

    private record Token(Type type, int start, int end) {}

    private enum Type {
        SPACE,
        COMMENT,
        DOC,
        WORD,
        REFERENCE,
        GATE,
        PUNCT
    }

    private static final class Run {
        private final String text;
        private final Function<String, String> interfaceLink;
        private final StringBuilder out;
        private final Map<String, String> anchors = new LinkedHashMap<>();
        private final Map<String, String> definitions = new LinkedHashMap<>();
        private final Set<String> usedIds = new HashSet<>();
        private final Deque<Scope> scopes = new ArrayDeque<>();
        private final List<Token> tokens = new ArrayList<>();
        private String pkg = "";
        /** The current package's version with its '@' ("" for none). */
        private String pkgVersion = "";
        /** The scope the next {@code {} opens, decided by the words before it. */
        private Scope pending;

        Run(String text, Function<String, String> interfaceLink) {
            this.text = text;
            this.interfaceLink = interfaceLink;
            this.out = new StringBuilder(text.length() * 2);
        }

        Highlighted run() {
            lex();
            for (int i = 0; i < tokens.size(); i++) {
                emit(i);
            }
            return new Highlighted(new TrustedHtml(out.toString()), anchors, definitions);
        }

        private void lex() {
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                int start = i;
                if (Character.isWhitespace(c)) {
                    while (i < n && Character.isWhitespace(text.charAt(i))) {
                        i++;
                    }
                    tokens.add(new Token(Type.SPACE, start, i));
                } else if (text.startsWith("///", i) || (text.startsWith("//", i))) {
                    boolean doc = text.startsWith("///", i) && !text.startsWith("////", i);
                    while (i < n && text.charAt(i) != '\n') {
                        i++;
                    }
                    tokens.add(new Token(doc ? Type.DOC : Type.COMMENT, start, i));
                } else if (text.startsWith("/*", i)) {
                    boolean doc = text.startsWith("/**", i) && !text.startsWith("/**/", i);
                    int end = text.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                    tokens.add(new Token(doc ? Type.DOC : Type.COMMENT, start, i));
                } else if (c == '@' && i + 1 < n && Character.isLetter(text.charAt(i + 1))) {
                    // A feature gate: @since(version = 1.0.0), @unstable(feature = x), @deprecated(...)
                    i++;
                    while (i < n && isWordChar(text.charAt(i))) {
                        i++;
                    }
                    if (i < n && text.charAt(i) == '(') {
                        int close = text.indexOf(')', i);
                        i = close < 0 ? n : close + 1;
                    }
                    tokens.add(new Token(Type.GATE, start, i));
                } else if (isWordStart(c)) {
                    i = wordEnd(i);
                    // ns:pkg, ns:pkg/iface, ns:pkg/iface@1.2.3 (a package or interface reference)
                    if (i < n && text.charAt(i) == ':' && i + 1 < n && isWordStart(text.charAt(i + 1))) {
                        i = wordEnd(i + 1);
                        while (i < n && text.charAt(i) == '/' && i + 1 < n && isWordStart(text.charAt(i + 1))) {
                            i = wordEnd(i + 1);
                        }
                        if (i < n && text.charAt(i) == '@') {
                            i = versionEnd(i + 1);
                        }
                        tokens.add(new Token(Type.REFERENCE, start, i));
                    } else {
                        tokens.add(new Token(Type.WORD, start, i));
                    }
                } else {
                    tokens.add(new Token(Type.PUNCT, start, i + 1));
                    i++;
                }
            }
        }

        private int wordEnd(int i) {
            int n = text.length();
            if (i < n && text.charAt(i) == '%') {
                i++;
            }
            while (i < n && isWordChar(text.charAt(i))) {
                i++;
            }
            return i;
        }

        private int versionEnd(int i) {
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                boolean part = Character.isLetterOrDigit(c) || c == '-' || c == '+';
                // A '.' belongs to the version only when a digit or letter follows (`@0.2.0.{a}`).
                boolean dot = c == '.' && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1));
                if (!part && !dot) {
                    break;
                }
                i++;
            }
            return i;
        }

        private static boolean isWordStart(char c) {
            return Character.isLetter(c) || c == '%' || c == '_';
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '-' || c == '_';
        }

        private String textOf(Token t) {
            return text.substring(t.start(), t.end());
        }

        /** The index of the next token that is not space or comment, or -1. */
        private int next(int i) {
            for (int j = i + 1; j < tokens.size(); j++) {
                Type type = tokens.get(j).type();
                if (type != Type.SPACE && type != Type.COMMENT && type != Type.DOC) {
                    return j;
                }
            }
            return -1;
        }

        private int previous(int i) {
            for (int j = i - 1; j >= 0; j--) {
                Type type = tokens.get(j).type();
                if (type != Type.SPACE && type != Type.COMMENT && type != Type.DOC) {
                    return j;
                }
            }
            return -1;
        }

        private boolean is(int index, String value) {
            return index >= 0 && textOf(tokens.get(index)).equals(value);
        }

        private Kind currentKind() {
            Scope top = scopes.peek();
            return top == null ? Kind.PACKAGE : top.kind();
        }

        private String currentId() {
            Scope top = scopes.peek();
            return top == null ? pkg : top.id();
        }

        private void emit(int i) {
            Token token = tokens.get(i);
            String value = textOf(token);
            switch (token.type()) {
                case SPACE -> TrustedHtml.escapeInto(out, text, token.start(), token.end());
                case COMMENT -> span("c", token);
                case DOC -> span("d", token);
                case GATE -> span("g", token);
                case PUNCT -> punctuation(value, token);
                case REFERENCE -> reference(i, value, token);
                case WORD -> word(i, value, token);
            }
        }

        private void punctuation(String value, Token token) {
            if (value.equals("{")) {
                scopes.push(pending != null ? pending : new Scope(Kind.OTHER, currentId()));
                pending = null;
            } else if (value.equals("}")) {
                if (!scopes.isEmpty()) {
                    Scope closed = scopes.pop();
                    if (closed.kind() == Kind.PACKAGE) {
                        pkg = closed.previousPackage();
                        pkgVersion = closed.previousVersion();
                    }
                }
            } else if (value.equals(";")) {
                pending = null;
            }
            TrustedHtml.escapeInto(out, text, token.start(), token.end());
        }

        private void reference(int i, String value, Token token) {
            int before = previous(i);
            if (is(before, "package")) {
                String previousPackage = pkg;
                String previousVersion = pkgVersion;
                int at = value.indexOf('@');
                pkg = at < 0 ? value : value.substring(0, at);
                pkgVersion = at < 0 ? "" : value.substring(at);
                if (is(next(i), "{")) {
                    pending = new Scope(Kind.PACKAGE, pkg, previousPackage, previousVersion);
                }
                span("p", token);
                return;
            }
            String link = value.contains("/") ? interfaceLink.apply(value) : null;
            if (link != null) {
                out.append("<a class=\"p\" href=\"");
                TrustedHtml.escapeInto(out, link, 0, link.length());
                out.append("\">");
                TrustedHtml.escapeInto(out, text, token.start(), token.end());
                out.append("</a>");
            } else {
                span("p", token);
            }
        }

        private void word(int i, String value, Token token) {
            // WIT spells a name that is also a keyword with a leading %, so a bare keyword is one.
            String cssClass = KEYWORDS.contains(value) ? "k" : BUILTIN_TYPES.contains(value) ? "t" : null;
            String id = cssClass == null || value.equals("constructor") ? definitionId(i, value) : null;
            if (id == null) {
                if (cssClass == null) {
                    TrustedHtml.escapeInto(out, text, token.start(), token.end());
                } else {
                    span(cssClass, token);
                }
                return;
            }
            String unique = unique(id);
            anchors.put(unique, value);
            if (pending != null && pending.id().equals(id)) {
                // What this definition opens is named by its unique id, so its members are too.
                pending = new Scope(pending.kind(), unique, pending.previousPackage(), pending.previousVersion());
            }
            int before = previous(i);
            if ((is(before, "interface") || is(before, "world")) && !pkg.isEmpty()) {
                definitions.putIfAbsent(id + pkgVersion, unique);
            }
            out.append("<span class=\"")
                    .append(cssClass == null ? "n" : cssClass)
                    .append("\" id=\"");
            TrustedHtml.escapeInto(out, unique, 0, unique.length());
            out.append("\">");
            TrustedHtml.escapeInto(out, text, token.start(), token.end());
            out.append("</span>");
        }

        private boolean startsStatement(int before) {
            return before < 0
                    || is(before, "{")
                    || is(before, ";")
                    || is(before, "}")
                    || tokens.get(before).type() == Type.GATE
                    || is(before, "import")
                    || is(before, "export");
        }

        /** The anchor id when the word at {@code i} names a definition, else null. */
        private String definitionId(int i, String value) {
            String name = value.startsWith("%") ? value.substring(1) : value;
            int before = previous(i);
            int after = next(i);
            Kind kind = currentKind();
            if (is(before, "interface") || is(before, "world")) {
                if (kind != Kind.PACKAGE) {
                    return null; // `import x: interface {` has no name after `interface`
                }
                String id = pkg.isEmpty() ? name : pkg + "/" + name;
                if (is(after, "{")) {
                    pending = new Scope(is(before, "interface") ? Kind.INTERFACE : Kind.WORLD, id);
                }
                return id;
            }
            if (before >= 0 && TYPE_DEFINERS.contains(textOf(tokens.get(before)))) {
                if (kind != Kind.INTERFACE && kind != Kind.WORLD) {
                    return null;
                }
                String id = currentId() + "." + name;
                if (is(after, "{")) {
                    pending = new Scope(is(before, "resource") ? Kind.RESOURCE : Kind.OTHER, id);
                }
                return id;
            }
            if (is(after, ":") && startsStatement(before)) {
                if (kind == Kind.INTERFACE || kind == Kind.RESOURCE) {
                    return currentId() + "." + name;
                }
                if (kind == Kind.WORLD && (is(before, "import") || is(before, "export"))) {
                    String id = currentId() + "." + name;
                    int afterColon = next(after);
                    if (is(afterColon, "interface")) {
                        pending = new Scope(Kind.INTERFACE, id);
                    }
                    return id;
                }
            }
            if (kind == Kind.RESOURCE && name.equals("constructor") && startsStatement(before)) {
                return currentId() + ".constructor";
            }
            return null;
        }

        private String unique(String id) {
            String candidate = id;
            for (int n = 2; !usedIds.add(candidate); n++) {
                candidate = id + "-" + n;
            }
            return candidate;
        }

        private void span(String cssClass, Token token) {
            out.append("<span class=\"").append(cssClass).append("\">");
            TrustedHtml.escapeInto(out, text, token.start(), token.end());
            out.append("</span>");
        }
    }
}
