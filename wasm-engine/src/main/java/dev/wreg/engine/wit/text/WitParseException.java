package dev.wreg.engine.wit.text;

/** A WIT source that cannot be parsed or resolved; the message starts with {@code file:line:column}. */
public final class WitParseException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    public WitParseException(String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column, counted in Unicode code points. */
    public int column() {
        return column;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }
}
