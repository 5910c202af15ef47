package dev.wreg.webui.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarkdownRendererTest {

    private final MarkdownRenderer markdown = new MarkdownRenderer();

    @Test
    void rendersFormattingListsCodeAndLinks() {
        String html = markdown.block("Some *emphasis*, **strong** and `code`.\n\n- one\n- two\n\n"
                        + "[docs](https://example.com/docs)\n\n```\nlet x = 1;\n```")
                .html();
        Document doc = Jsoup.parseBodyFragment(html);
        assertThat(doc.select("em").text()).isEqualTo("emphasis");
        assertThat(doc.select("strong").text()).isEqualTo("strong");
        assertThat(doc.select("li")).hasSize(2);
        assertThat(doc.select("pre code").text()).isEqualTo("let x = 1;");
        Element link = doc.selectFirst("a");
        assertThat(link.attr("href")).isEqualTo("https://example.com/docs");
        assertThat(link.attr("rel")).contains("nofollow").contains("noopener").contains("noreferrer");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>",
                "[click](javascript:alert(1))",
                "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
                "<svg><script>alert(1)</script></svg>",
                "<a href=\"javascript:alert(1)\">x</a>",
                "<iframe src=\"https://evil.example\"></iframe>",
                "<form action=\"https://evil.example\"><input name=a></form>",
                "<style>body{display:none}</style>",
                "<p class=\"alert\" style=\"position:fixed\">redress</p>",
                "![pixel](https://tracker.example/p.gif)",
                "<details open ontoggle=alert(1)>",
                "\"><script>alert(1)</script>"
            })
    void publisherTextCannotScriptRestyleOrTrack(String payload) {
        for (TrustedHtml html : new TrustedHtml[] {markdown.block(payload), markdown.inline(payload)}) {
            Document doc = Jsoup.parseBodyFragment(html.html());
            assertThat(doc.select("script, img, iframe, form, input, style, svg, details, object, embed"))
                    .as(html.html())
                    .isEmpty();
            assertThat(doc.getAllElements())
                    .allSatisfy(element -> element.attributes().forEach(attribute -> {
                        assertThat(attribute.getKey()).doesNotStartWith("on").isNotIn("style", "class", "src");
                        assertThat(attribute.getValue().toLowerCase())
                                .doesNotContain("javascript:")
                                .doesNotContain("data:");
                    }));
        }
    }

    @Test
    void linksThatGoNowhereSafeKeepOnlyTheirWords() {
        for (String markdown : new String[] {
            "[click me](javascript:alert(1))", "[click me](data:text/html,x)", "[click me](/v1/tokens)", "[click me]()"
        }) {
            Document doc = Jsoup.parseBodyFragment(markdown(markdown));
            assertThat(doc.select("a")).as(markdown).isEmpty();
            assertThat(doc.text()).as(markdown).isEqualTo("click me");
        }
    }

    private String markdown(String text) {
        return markdown.block(text).html();
    }

    @Test
    void rawHtmlIsShownAsTextNotDropped() {
        String html = markdown.block("<script>alert(1)</script>").html();
        assertThat(Jsoup.parseBodyFragment(html).text()).contains("<script>alert(1)</script>");
    }

    @Test
    void publisherHeadingsStayBelowThePagesOwn() {
        Document doc =
                Jsoup.parseBodyFragment(markdown.block("# Title\n\n## Sub").html());
        assertThat(doc.select("h1, h2")).isEmpty();
        assertThat(doc.select("h3").text()).isEqualTo("Title");
        assertThat(doc.select("h4").text()).isEqualTo("Sub");
    }

    @Test
    void imagesBecomeTheirAltText() {
        Document doc = Jsoup.parseBodyFragment(
                markdown.block("see ![a diagram](https://x.example/d.png)").html());
        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.text()).contains("a diagram");
    }

    @Test
    void inlineHasNoBlocks() {
        Document doc = Jsoup.parseBodyFragment(
                markdown.inline("# heading\n\n- item\n\n*broken* build").html());
        assertThat(doc.select("h3, ul, li, p")).isEmpty();
        assertThat(doc.select("em").text()).isEqualTo("broken");
    }

    @Test
    void emptyOrHugeInput() {
        assertThat(markdown.block(null).isEmpty()).isTrue();
        assertThat(markdown.block("   ").isEmpty()).isTrue();
        String huge = "a".repeat(MarkdownRenderer.MAX_INPUT_CHARS * 2);
        assertThat(markdown.block(huge).html().length()).isLessThan(MarkdownRenderer.MAX_INPUT_CHARS + 100);
    }
}
