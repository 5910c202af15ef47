package dev.wreg.engine.wit.text;

/** The text of one WIT file, able to turn an offset into a line and column for errors. */
record Source(String file, String text) {

    WitParseException error(int offset, String reason) {
        int line = 1;
        int col = 1;
        int end = Math.min(offset, text.length());
        for (int i = 0; i < end; ) {
            int cp = text.codePointAt(i);
            if (cp == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            i += Character.charCount(cp);
        }
        return new WitParseException(file, line, col, reason);
    }
}
