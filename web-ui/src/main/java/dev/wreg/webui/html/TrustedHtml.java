package dev.wreg.webui.html;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.util.Objects;

/**
 * HTML that a template may write as it is. Only this package makes it: from text it escapes
 * ({@link #text}), from Markdown that went through the sanitizer ({@link MarkdownRenderer}) and
 * from WIT it tokenized and escaped ({@link WitHighlighter}). Templates never use
 * {@code $unsafe}; whatever is not a {@code TrustedHtml} is escaped by jte.
 */
public final class TrustedHtml implements Content {

    public static final TrustedHtml EMPTY = new TrustedHtml("");

    private final String html;

    TrustedHtml(String html) {
        this.html = Objects.requireNonNull(html, "html");
    }

    /** Plain text, escaped for any HTML text or quoted-attribute context. */
    public static TrustedHtml text(String text) {
        return new TrustedHtml(escape(text == null ? "" : text));
    }

    public String html() {
        return html;
    }

    public boolean isEmpty() {
        return html.isEmpty();
    }

    @Override
    public void writeTo(TemplateOutput output) {
        output.writeContent(html);
    }

    @Override
    public boolean isEmptyContent() {
        return html.isEmpty();
    }

    @Override
    public String toString() {
        return html;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escapeInto(out, text, 0, text.length());
        return out.toString();
    }

    static void escapeInto(StringBuilder out, CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
