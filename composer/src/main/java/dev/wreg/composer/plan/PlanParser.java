package dev.wreg.composer.plan;

import dev.wreg.composer.CompositionException;
import dev.wreg.composer.plan.PlanSyntax.AccessExpr;
import dev.wreg.composer.plan.PlanSyntax.Arg;
import dev.wreg.composer.plan.PlanSyntax.Document;
import dev.wreg.composer.plan.PlanSyntax.ExportStatement;
import dev.wreg.composer.plan.PlanSyntax.Expr;
import dev.wreg.composer.plan.PlanSyntax.ImportStatement;
import dev.wreg.composer.plan.PlanSyntax.InferredArg;
import dev.wreg.composer.plan.PlanSyntax.LetStatement;
import dev.wreg.composer.plan.PlanSyntax.NameExpr;
import dev.wreg.composer.plan.PlanSyntax.NamedArg;
import dev.wreg.composer.plan.PlanSyntax.NewExpr;
import dev.wreg.composer.plan.PlanSyntax.Pos;
import dev.wreg.composer.plan.PlanSyntax.SpreadArg;
import dev.wreg.composer.plan.PlanSyntax.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a composition plan: wac's {@code package}, {@code import}, {@code let … = new …} and
 * {@code export} statements (WAC's WIT type declarations are refused as unsupported). Errors are
 * {@link CompositionException}s with code {@code plan-syntax} and a message
 * {@code FILE:LINE:COLUMN: what was expected, found what}.
 */
public final class PlanParser {
    /** Plans are small; this bounds the work (and the nesting) a hostile one can cause. */
    public static final int MAX_SOURCE_CHARS = 1 << 20;

    private static final int MAX_NESTING = 64;
    private static final Set<String> WIT_TYPE_KEYWORDS =
            Set.of("interface", "world", "type", "record", "variant", "enum", "flags", "resource", "use");

    private enum Kind {
        ID,
        STRING,
        VERSION,
        SYMBOL,
        EOF
    }

    private record Token(Kind kind, String text, Pos pos) {
        String describe() {
            return switch (kind) {
                case EOF -> "end of input";
                case STRING -> "string \"" + text + "\"";
                default -> "`" + text + "`";
            };
        }
    }

    private final String file;
    private final List<Token> tokens;
    private int at;
    private int depth;

    private PlanParser(String file, List<Token> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    public static Document parse(String file, String source) {
        if (source.length() > MAX_SOURCE_CHARS) {
            throw new CompositionException(
                    "input-too-large",
                    "`" + file + "` is " + source.length() + " characters, more than the limit of " + MAX_SOURCE_CHARS);
        }
        return new PlanParser(file, new Lexer(file, source).run()).document();
    }

    // ------------------------------------------------------------------ grammar

    private Document document() {
        Token kw = peek();
        if (!isKeyword(kw, "package")) {
            throw error(kw, "expected `package` directive, found " + kw.describe());
        }
        next();
        String name = packageName();
        String version = null;
        if (isSymbol(peek(), "@")) {
            next();
            version = expect(Kind.VERSION, "a version").text();
        }
        String targets = null;
        if (isKeyword(peek(), "targets")) {
            next();
            targets = packagePath(true);
        }
        expectSymbol(";");
        List<Statement> statements = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            statements.add(statement());
        }
        return new Document(name, version, targets, kw.pos(), statements);
    }

    private Statement statement() {
        Token t = peek();
        if (isKeyword(t, "import")) {
            next();
            String id = expectId();
            String as = null;
            if (isKeyword(peek(), "as")) {
                next();
                Token n = next();
                if (n.kind() != Kind.ID && n.kind() != Kind.STRING) {
                    throw error(n, "expected an identifier or string, found " + n.describe());
                }
                as = n.text();
            }
            expectSymbol(":");
            Token typeStart = peek();
            if (isKeyword(typeStart, "func") || isKeyword(typeStart, "interface")) {
                throw error(
                        typeStart,
                        "inline import types are not supported in wreg plans; import an interface by its package path");
            }
            String path = packagePath(false);
            expectSymbol(";");
            return new ImportStatement(id, as, path, t.pos());
        }
        if (isKeyword(t, "let")) {
            next();
            String id = expectId();
            expectSymbol("=");
            Expr e = expr();
            expectSymbol(";");
            return new LetStatement(id, e, t.pos());
        }
        if (isKeyword(t, "export")) {
            next();
            Expr e = expr();
            boolean spread = false;
            String as = null;
            if (isSymbol(peek(), "...")) {
                next();
                spread = true;
                if (isKeyword(peek(), "as")) {
                    throw error(
                            peek(), "expected `;`, found `as` (an `as` clause cannot be used with a spread export)");
                }
            } else if (isKeyword(peek(), "as")) {
                next();
                Token n = next();
                if (n.kind() != Kind.ID && n.kind() != Kind.STRING) {
                    throw error(n, "expected an identifier or string, found " + n.describe());
                }
                as = n.text();
            }
            expectSymbol(";");
            return new ExportStatement(e, as, spread, t.pos());
        }
        if (t.kind() == Kind.ID && WIT_TYPE_KEYWORDS.contains(t.text())) {
            throw error(t, "WIT type declarations (`" + t.text() + "`) are not supported in wreg plans");
        }
        throw error(t, "expected `import`, `let` or `export` statement, found " + t.describe());
    }

    private Expr expr() {
        if (++depth > MAX_NESTING) {
            throw error(peek(), "expression is nested too deeply");
        }
        Expr e = primary();
        while (true) {
            Token t = peek();
            if (isSymbol(t, ".")) {
                next();
                Token n = expect(Kind.ID, "an identifier");
                e = new AccessExpr(e, n.text(), false, t.pos());
            } else if (isSymbol(t, "[")) {
                next();
                Token n = expect(Kind.STRING, "a string");
                expectSymbol("]");
                e = new AccessExpr(e, n.text(), true, t.pos());
            } else {
                break;
            }
        }
        depth--;
        return e;
    }

    private Expr primary() {
        Token t = next();
        if (isKeyword(t, "new")) {
            return newExpr(t);
        }
        if (isSymbol(t, "(")) {
            Expr inner = expr();
            expectSymbol(")");
            return inner;
        }
        if (t.kind() == Kind.ID) {
            return new NameExpr(t.text(), t.pos());
        }
        throw error(t, "expected an expression, found " + t.describe());
    }

    private NewExpr newExpr(Token kw) {
        String name = packageName();
        String requirement = null;
        if (isSymbol(peek(), "@")) {
            next();
            requirement = expect(Kind.VERSION, "a version").text();
        }
        expectSymbol("{");
        List<Arg> args = new ArrayList<>();
        boolean fill = false;
        while (!isSymbol(peek(), "}")) {
            Token t = peek();
            if (fill) {
                throw error(t, "implicit import argument `...` must be the last argument");
            }
            if (isSymbol(t, "...")) {
                next();
                if (peek().kind() == Kind.ID) {
                    Token id = next();
                    args.add(new SpreadArg(id.text(), t.pos()));
                } else {
                    fill = true;
                }
            } else if (t.kind() == Kind.STRING) {
                next();
                expectSymbol(":");
                args.add(new NamedArg(t.text(), true, expr(), t.pos()));
            } else if (t.kind() == Kind.ID) {
                next();
                if (isSymbol(peek(), ":")) {
                    next();
                    args.add(new NamedArg(t.text(), false, expr(), t.pos()));
                } else {
                    args.add(new InferredArg(t.text(), t.pos()));
                }
            } else {
                throw error(t, "expected an instantiation argument or `}`, found " + t.describe());
            }
            if (isSymbol(peek(), ",")) {
                next();
            } else if (!isSymbol(peek(), "}")) {
                throw error(peek(), "expected `,` or `}`, found " + peek().describe());
            }
        }
        next();
        return new NewExpr(name, requirement, args, fill, kw.pos());
    }

    /** {@code id (':' id)+} */
    private String packageName() {
        StringBuilder b = new StringBuilder(expectId());
        expectSymbol(":");
        b.append(':').append(expectId());
        while (isSymbol(peek(), ":")) {
            next();
            b.append(':').append(expectId());
        }
        return b.toString();
    }

    /** {@code id (':' id)+ ('/' id)+ ('@' version)?} */
    private String packagePath(boolean allowVersion) {
        StringBuilder b = new StringBuilder(packageName());
        expectSymbol("/");
        b.append('/').append(expectId());
        while (isSymbol(peek(), "/")) {
            next();
            b.append('/').append(expectId());
        }
        if (isSymbol(peek(), "@")) {
            next();
            b.append('@').append(expect(Kind.VERSION, "a version").text());
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ tokens

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.EOF) {
            at++;
        }
        return t;
    }

    private String expectId() {
        return expect(Kind.ID, "an identifier").text();
    }

    private Token expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return t;
    }

    private void expectSymbol(String s) {
        Token t = next();
        if (!isSymbol(t, s)) {
            throw error(t, "expected `" + s + "`, found " + t.describe());
        }
    }

    private static boolean isSymbol(Token t, String s) {
        return t.kind() == Kind.SYMBOL && t.text().equals(s);
    }

    private static boolean isKeyword(Token t, String s) {
        return t.kind() == Kind.ID && t.text().equals(s);
    }

    private CompositionException error(Token t, String message) {
        return syntaxError(file, t.pos(), message);
    }

    static CompositionException syntaxError(String file, Pos pos, String message) {
        return new CompositionException("plan-syntax", file + ":" + pos + ": " + message);
    }

    // ------------------------------------------------------------------ lexer

    private static final class Lexer {
        private final String file;
        private final String src;
        private int i;
        private int line = 1;
        private int lineStart;
        private final List<Token> out = new ArrayList<>();

        Lexer(String file, String src) {
            this.file = file;
            this.src = src;
        }

        List<Token> run() {
            while (true) {
                skipSpaceAndComments();
                Pos pos = pos();
                if (i >= src.length()) {
                    out.add(new Token(Kind.EOF, "", pos));
                    return out;
                }
                char c = src.charAt(i);
                if (!out.isEmpty() && isSymbol(out.getLast(), "@")) {
                    out.add(new Token(Kind.VERSION, version(pos), pos));
                } else if (c == '"') {
                    out.add(new Token(Kind.STRING, string(pos), pos));
                } else if (c == '%' || Character.isLetter(c)) {
                    out.add(new Token(Kind.ID, identifier(pos), pos));
                } else if (src.startsWith("...", i)) {
                    i += 3;
                    out.add(new Token(Kind.SYMBOL, "...", pos));
                } else if (";:{}()[],.=@/".indexOf(c) >= 0) {
                    i++;
                    out.add(new Token(Kind.SYMBOL, String.valueOf(c), pos));
                } else {
                    throw syntaxError(file, pos, "unexpected character `" + printable(c) + "`");
                }
            }
        }

        private Pos pos() {
            return new Pos(line, i - lineStart + 1);
        }

        private void skipSpaceAndComments() {
            while (i < src.length()) {
                char c = src.charAt(i);
                if (c == '\n') {
                    i++;
                    line++;
                    lineStart = i;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    i++;
                } else if (src.startsWith("//", i)) {
                    while (i < src.length() && src.charAt(i) != '\n') {
                        i++;
                    }
                } else if (src.startsWith("/*", i)) {
                    blockComment();
                } else {
                    return;
                }
            }
        }

        /** Block comments nest, as in WAC. */
        private void blockComment() {
            Pos start = pos();
            int nesting = 0;
            while (i < src.length()) {
                if (src.startsWith("/*", i)) {
                    nesting++;
                    i += 2;
                } else if (src.startsWith("*/", i)) {
                    nesting--;
                    i += 2;
                    if (nesting == 0) {
                        return;
                    }
                } else {
                    if (src.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                    i++;
                }
            }
            throw syntaxError(file, start, "unterminated block comment");
        }

        /** {@code %?[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*} (acronym words in upper case allowed, as in WIT). */
        private String identifier(Pos pos) {
            int start = i;
            boolean escaped = src.charAt(i) == '%';
            if (escaped) {
                i++;
            }
            int wordStart = i;
            while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '-')) {
                i++;
            }
            String word = src.substring(wordStart, i);
            if (!isKebab(word)) {
                throw syntaxError(
                        file, pos, "`" + src.substring(start, i) + "` is not a valid identifier (not in kebab case)");
            }
            return word;
        }

        private static boolean isKebab(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (String w : s.split("-", -1)) {
                if (w.isEmpty()
                        || !(w.charAt(0) >= 'a' && w.charAt(0) <= 'z' || w.charAt(0) >= 'A' && w.charAt(0) <= 'Z')) {
                    return false;
                }
                boolean lower = w.chars().allMatch(ch -> ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9');
                boolean upper = w.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9');
                if (!lower && !upper) {
                    return false;
                }
            }
            return true;
        }

        private String string(Pos pos) {
            i++;
            int start = i;
            while (i < src.length() && src.charAt(i) != '"') {
                if (src.charAt(i) == '\n') {
                    throw syntaxError(file, pos, "unterminated string");
                }
                i++;
            }
            if (i >= src.length()) {
                throw syntaxError(file, pos, "unterminated string");
            }
            return src.substring(start, i++);
        }

        /** A semver version, or a requirement in wreg's extension ({@code ^1.2}, {@code ~1.2.3}, {@code >=1.0}). */
        private String version(Pos pos) {
            int start = i;
            while (i < src.length()) {
                char c = src.charAt(i);
                boolean ok = Character.isLetterOrDigit(c)
                        || "+-^~=<>*".indexOf(c) >= 0
                        || c == '.' && i + 1 < src.length() && !src.startsWith("..", i);
                if (!ok) {
                    break;
                }
                i++;
            }
            if (i == start) {
                throw syntaxError(file, pos, "expected a version after `@`");
            }
            return src.substring(start, i);
        }

        private static String printable(char c) {
            return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }
}
