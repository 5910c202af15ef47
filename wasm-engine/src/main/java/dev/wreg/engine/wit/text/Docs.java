package dev.wreg.engine.wit.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the comments in front of an item into its documentation the way wasm-tools does: every
 * comment counts, the comment markers and trailing blanks are removed, and the smallest common
 * indentation of the non-empty lines is stripped.
 */
final class Docs {
    private Docs() {}

    static String of(List<String> comments) {
        if (comments == null || comments.isEmpty()) {
            return null;
        }
        List<String> docs = new ArrayList<>();
        for (String comment : comments) {
            String body;
            if (comment.startsWith("/**")) {
                body = comment.substring(3, comment.length() - 2);
            } else {
                int i = 0;
                while (i < comment.length() && comment.charAt(i) == '/') {
                    i++;
                }
                body = comment.substring(i);
            }
            docs.add(stripTrailing(body));
        }
        int min = Integer.MAX_VALUE;
        for (String d : docs) {
            if (!d.isEmpty()) {
                int ws = 0;
                while (ws < d.length() && isAsciiWhitespace(d.charAt(ws))) {
                    ws++;
                }
                min = Math.min(min, ws);
            }
        }
        if (min != Integer.MAX_VALUE && min > 0) {
            String prefix = " ".repeat(min);
            for (int i = 0; i < docs.size(); i++) {
                if (docs.get(i).startsWith(prefix)) {
                    docs.set(i, docs.get(i).substring(min));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String d : docs) {
            if (d.isEmpty()) {
                sb.append('\n');
            } else {
                for (String line : d.split("\r?\n", -1)) {
                    sb.append(line).append('\n');
                }
            }
        }
        while (!sb.isEmpty() && sb.charAt(sb.length() - 1) == '\n') {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
