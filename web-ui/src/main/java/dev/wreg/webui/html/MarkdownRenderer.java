package dev.wreg.webui.html;

import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Renders text a publisher wrote (a description, a yank reason, a deprecation notice) as HTML that
 * cannot script, restyle or track: CommonMark with raw HTML escaped and unsafe URLs dropped, then
 * an allow-list sanitizer. No {@code class} or {@code style} attributes (they allow redressing the
 * page), no images (they are tracking pixels and cross-site requests), only http(s) and mailto
 * links, marked {@code nofollow noopener noreferrer}. Headings are pushed down two levels so a
 * publisher's {@code #} never competes with the page's own headings.
 */
public final class MarkdownRenderer {

    /** Longest input rendered; more is cut, since a page has no use for megabytes of prose. */
    public static final int MAX_INPUT_CHARS = 64 * 1024;

    private static final Pattern LIST_START = Pattern.compile("[0-9]{1,6}");

    private static final PolicyFactory BLOCK_POLICY = new HtmlPolicyBuilder()
            .allowElements(
                    "p",
                    "br",
                    "em",
                    "strong",
                    "code",
                    "pre",
                    "blockquote",
                    "ul",
                    "ol",
                    "li",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "hr",
                    "a")
            .allowUrlProtocols("https", "http", "mailto")
            .allowAttributes("href")
            .onElements("a")
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
            .allowAttributes("start")
            .matching(LIST_START)
            .onElements("ol")
            .toFactory();

    /** For one-line places (a table cell, a banner): formatting and links, no blocks. */
    private static final PolicyFactory INLINE_POLICY = new HtmlPolicyBuilder()
            .allowElements("em", "strong", "code", "a", "br")
            .allowUrlProtocols("https", "http", "mailto")
            .allowAttributes("href")
            .onElements("a")
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
            .toFactory();

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer =
            HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    /** Paragraphs, lists, code and links. */
    public TrustedHtml block(String markdown) {
        return render(markdown, BLOCK_POLICY);
    }

    /** Inline formatting only; block structure collapses into its text. */
    public TrustedHtml inline(String markdown) {
        return render(markdown, INLINE_POLICY);
    }

    private TrustedHtml render(String markdown, PolicyFactory policy) {
        if (markdown == null || markdown.isBlank()) {
            return TrustedHtml.EMPTY;
        }
        String input = markdown.length() > MAX_INPUT_CHARS ? markdown.substring(0, MAX_INPUT_CHARS) : markdown;
        Node document = parser.parse(input);
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                heading.setLevel(Math.min(6, heading.getLevel() + 2));
                visitChildren(heading);
            }

            @Override
            public void visit(Link link) {
                visitChildren(link);
                if (!isSafeDestination(link.getDestination())) {
                    // A link nowhere (javascript:, data:, a path on this site) keeps its words only.
                    Node child = link.getFirstChild();
                    while (child != null) {
                        Node next = child.getNext();
                        link.insertBefore(child);
                        child = next;
                    }
                    link.unlink();
                }
            }

            @Override
            public void visit(Image image) {
                // Keep what the image says, never the request it would make.
                Text alt = new Text(altText(image));
                image.insertAfter(alt);
                image.unlink();
            }
        });
        return new TrustedHtml(policy.sanitize(renderer.render(document)).strip());
    }

    static boolean isSafeDestination(String destination) {
        String d = destination == null ? "" : destination.strip().toLowerCase(java.util.Locale.ROOT);
        return d.startsWith("https://") || d.startsWith("http://") || d.startsWith("mailto:");
    }

    private static String altText(Image image) {
        StringBuilder out = new StringBuilder();
        for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text text) {
                out.append(text.getLiteral());
            }
        }
        return out.toString();
    }
}
