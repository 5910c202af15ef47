package dev.wreg.engine.wit.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits WIT text into tokens. Comments are kept aside: every comment directly before a token is
 * recorded as that token's doc text, because WIT (as wasm-tools reads it) treats the comments in
 * front of an item as its documentation.
 */
final class Lexer {
    private final Source source;
    private final String text;
    private int pos;
    final List<Token> tokens = new ArrayList<>();
    /** For each token, the comments seen since the previous token (raw text), or null. */
    final List<List<String>> comments = new ArrayList<>();

    Lexer(Source source) {
        this.source = source;
        this.text = source.text();
    }

    static Lexer lex(Source source) {
        Lexer l = new Lexer(source);
        l.run();
        return l;
    }

    private void run() {
        checkCharacters();
        List<String> pending = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                add(new Token(Token.Kind.EOF, "", pos, pos), pending);
                return;
            }
            char c = text.charAt(pos);
            int start = pos;
            if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
                int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? text.length() : nl + 1;
                pending.add(stripCr(text.substring(start, pos)));
                continue;
            }
            if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
                pos += 2;
                int depth = 1;
                while (depth > 0) {
                    if (pos >= text.length()) {
                        throw source.error(start, "unterminated block comment");
                    }
                    if (text.startsWith("/*", pos)) {
                        depth++;
                        pos += 2;
                    } else if (text.startsWith("*/", pos)) {
                        depth--;
                        pos += 2;
                    } else {
                        pos++;
                    }
                }
                pending.add(text.substring(start, pos));
                continue;
            }
            Token t;
            if (c == '%' || isIdStart(c)) {
                boolean explicit = c == '%';
                if (explicit) {
                    pos++;
                    if (pos >= text.length() || !isIdStart(text.charAt(pos))) {
                        throw source.error(start, "expected an identifier after `%`");
                    }
                }
                int idStart = pos;
                while (pos < text.length() && isIdChar(text.charAt(pos))) {
                    pos++;
                }
                String id = text.substring(idStart, pos);
                // `[method]r.f` style names are allowed after `%` only
                if (explicit && pos < text.length() && text.charAt(pos) == '[') {
                    throw source.error(start, "invalid identifier");
                }
                validateId(idStart, id);
                t = new Token(explicit ? Token.Kind.EXPLICIT_ID : Token.Kind.ID, id, start, pos);
            } else if (c >= '0' && c <= '9') {
                while (pos < text.length()) {
                    char d = text.charAt(pos);
                    if (isAlnum(d) || d == '-' || d == '+') {
                        pos++;
                    } else if (d == '.' && pos + 1 < text.length() && isAlnum(text.charAt(pos + 1))) {
                        pos++;
                    } else {
                        break;
                    }
                }
                t = new Token(Token.Kind.NUMBER, text.substring(start, pos), start, pos);
            } else if (c == '"') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    if (pos >= text.length() || text.charAt(pos) == '\n') {
                        throw source.error(start, "unterminated string literal");
                    }
                    char s = text.charAt(pos++);
                    if (s == '"') {
                        break;
                    }
                    if (s == '\\' && pos < text.length()) {
                        char e = text.charAt(pos++);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            case 'r' -> sb.append('\r');
                            case '"' -> sb.append('"');
                            case '\'' -> sb.append('\'');
                            case '\\' -> sb.append('\\');
                            case 'u' -> {
                                int close = text.indexOf('}', pos);
                                if (pos >= text.length() || text.charAt(pos) != '{' || close < 0) {
                                    throw source.error(pos - 2, "invalid unicode escape");
                                }
                                try {
                                    sb.appendCodePoint(Integer.parseInt(text.substring(pos + 1, close), 16));
                                } catch (IllegalArgumentException ex) {
                                    throw source.error(pos - 2, "invalid unicode escape");
                                }
                                pos = close + 1;
                            }
                            default -> throw source.error(pos - 2, "invalid escape in string literal");
                        }
                    } else {
                        sb.append(s);
                    }
                }
                t = new Token(Token.Kind.STRING, sb.toString(), start, pos);
            } else if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '>') {
                pos += 2;
                t = new Token(Token.Kind.SYMBOL, "->", start, pos);
            } else if ("=,:;(){}<>*/.@_".indexOf(c) >= 0) {
                pos++;
                t = new Token(Token.Kind.SYMBOL, String.valueOf(c), start, pos);
            } else {
                throw source.error(
                        start, "unexpected character `" + new String(Character.toChars(text.codePointAt(start))) + "`");
            }
            add(t, pending);
            pending = new ArrayList<>();
        }
    }

    private void add(Token t, List<String> pending) {
        tokens.add(t);
        comments.add(pending.isEmpty() ? null : List.copyOf(pending));
    }

    private static String stripCr(String s) {
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) + "\n" : s;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private void checkCharacters() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\n' && c != '\r' && c != '\t';
            boolean bidi = (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            if (control || c == 0x7f || bidi) {
                throw source.error(i, String.format("invalid character in WIT source: U+%04X", (int) c));
            }
        }
    }

    private static boolean isIdStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(char c) {
        return isIdStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isIdChar(char c) {
        return isAlnum(c) || c == '-';
    }

    /** Kebab case: words of letters and digits separated by single dashes, each starting with a letter, each all lower or all upper case. */
    private void validateId(int start, String id) {
        if (id.isEmpty()) {
            throw source.error(start, "empty identifier");
        }
        int offset = start;
        for (String word : id.split("-", -1)) {
            if (word.isEmpty()) {
                throw source.error(offset, "identifier `" + id + "` has an empty word (`--` or a trailing `-`)");
            }
            if (!isIdStart(word.charAt(0))) {
                throw source.error(offset, "identifier `" + id + "`: each word must start with a letter");
            }
            boolean lower = word.chars().noneMatch(ch -> ch >= 'A' && ch <= 'Z');
            boolean upper = word.chars().noneMatch(ch -> ch >= 'a' && ch <= 'z');
            if (!lower && !upper) {
                throw source.error(offset, "identifier `" + id + "`: a word must be all lowercase or all uppercase");
            }
            offset += word.length() + 1;
        }
    }
}
