package dev.wreg.engine.wit.text;

/** A lexical token; {@code start}/{@code end} are offsets in the source text. */
record Token(Kind kind, String text, int start, int end) {
    enum Kind {
        ID, // identifier (text without a leading %); see explicit
        EXPLICIT_ID, // %identifier: never a keyword
        NUMBER, // digits, possibly a whole semver (1.2.3-rc.1+b)
        STRING,
        SYMBOL, // = , : ; ( ) { } < > * -> / . @ _
        EOF
    }

    boolean is(String symbolOrKeyword) {
        return (kind == Kind.SYMBOL || kind == Kind.ID) && text.equals(symbolOrKeyword);
    }
}
