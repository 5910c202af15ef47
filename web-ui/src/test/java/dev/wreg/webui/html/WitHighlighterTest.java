package dev.wreg.webui.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class WitHighlighterTest {

    private static final String WIT = """
            package root:component;

            world root {
              import example:counter/counters;

              export run: func() -> u32;
            }
            package example:counter {
              /// Counters that live across calls.
              interface counters {
                resource counter {
                  constructor(start: u32);
                  increment: func(by: u32) -> u32;
                  merge: static func(a: counter, b: counter) -> counter;
                }

                record pair { left: u32, right: u32 }

                // how many are alive
                @since(version = 0.2.0)
                live: func() -> u32;
              }
            }
            package wasi:io@0.2.12 {
              interface streams {
                use error.{error};
              }
            }
            package wasi:io@0.2.3 {
              interface streams {
                resource input-stream;
              }
            }
            """;

    private final WitHighlighter highlighter = new WitHighlighter();

    @Test
    void everyCharacterOfTheTextSurvives() {
        WitHighlighter.Highlighted out = highlighter.highlight(WIT, ref -> null);
        Document doc = Jsoup.parseBodyFragment("<pre>" + out.html().html() + "</pre>");
        assertThat(doc.selectFirst("pre").wholeText()).isEqualTo(WIT);
    }

    @Test
    void definitionsGetAnchorsNamedAsAReaderWouldWriteThem() {
        WitHighlighter.Highlighted out = highlighter.highlight(WIT, ref -> null);
        assertThat(out.anchors().keySet())
                .containsSubsequence(
                        "root:component/root",
                        "root:component/root.run",
                        "example:counter/counters",
                        "example:counter/counters.counter",
                        "example:counter/counters.counter.constructor",
                        "example:counter/counters.counter.increment",
                        "example:counter/counters.counter.merge",
                        "example:counter/counters.pair",
                        "example:counter/counters.live",
                        "wasi:io/streams",
                        "wasi:io/streams-2",
                        "wasi:io/streams-2.input-stream");
        // record fields and parameters are not definitions
        assertThat(out.anchors().keySet()).noneMatch(id -> id.endsWith(".left") || id.endsWith(".start"));
        assertThat(out.definitions())
                .containsEntry("example:counter/counters", "example:counter/counters")
                .containsEntry("wasi:io/streams@0.2.12", "wasi:io/streams")
                .containsEntry("wasi:io/streams@0.2.3", "wasi:io/streams-2");
    }

    @Test
    void tokensAreClassifiedAndReferencesLinked() {
        WitHighlighter.Highlighted out =
                highlighter.highlight(WIT, ref -> "/interfaces/" + ref.replaceFirst("@.*", ""));
        Document doc = Jsoup.parseBodyFragment(out.html().html());
        assertThat(doc.select("span.k").eachText()).contains("package", "world", "import", "func", "resource");
        assertThat(doc.select("span.t").eachText()).contains("u32");
        assertThat(doc.select("span.d").eachText()).containsExactly("/// Counters that live across calls.");
        assertThat(doc.select("span.c").eachText()).containsExactly("// how many are alive");
        assertThat(doc.select("span.g").eachText()).containsExactly("@since(version = 0.2.0)");
        assertThat(doc.select("a.p").eachAttr("href")).containsExactly("/interfaces/example:counter/counters");
    }

    @Test
    void markupInTheTextIsEscaped() {
        String hostile = "/// <script>alert(1)</script>\ninterface %a\"b<i> { f: func(); }\n";
        WitHighlighter.Highlighted out = highlighter.highlight(hostile, ref -> null);
        Document doc = Jsoup.parseBodyFragment(out.html().html());
        assertThat(doc.select("script, i")).isEmpty();
        assertThat(doc.text()).contains("<script>alert(1)</script>");
    }

    @Test
    void aTextCutShortStillRenders() {
        String cut = WIT.substring(0, WIT.indexOf("constructor") + 5);
        WitHighlighter.Highlighted out = highlighter.highlight(cut + "\n/* unterminated", ref -> null);
        assertThat(Jsoup.parseBodyFragment("<pre>" + out.html().html() + "</pre>")
                        .selectFirst("pre")
                        .wholeText())
                .isEqualTo(cut + "\n/* unterminated");
    }
}
