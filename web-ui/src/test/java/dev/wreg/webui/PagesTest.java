package dev.wreg.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.webui.html.MarkdownRenderer;
import dev.wreg.webui.html.TrustedHtml;
import dev.wreg.webui.html.WitHighlighter;
import dev.wreg.webui.view.ComposePage;
import dev.wreg.webui.view.CompositionPage;
import dev.wreg.webui.view.ErrorPage;
import dev.wreg.webui.view.HomePage;
import dev.wreg.webui.view.InterfacePage;
import dev.wreg.webui.view.Layout;
import dev.wreg.webui.view.Link;
import dev.wreg.webui.view.LogEntryPage;
import dev.wreg.webui.view.LogEntryRow;
import dev.wreg.webui.view.LogPage;
import dev.wreg.webui.view.NamespacePage;
import dev.wreg.webui.view.PackagePage;
import dev.wreg.webui.view.Page;
import dev.wreg.webui.view.SearchPage;
import dev.wreg.webui.view.SignInPage;
import dev.wreg.webui.view.Timestamp;
import dev.wreg.webui.view.TokensPage;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every page renders, escapes what it is given, and needs no inline script or style (CSP). */
class PagesTest {

    static final String XSS = "<script>alert('x')</script>\"'><img src=x onerror=alert(1)>";
    static final Pages PAGES = Pages.precompiled();
    static final MarkdownRenderer MARKDOWN = new MarkdownRenderer();
    static final Timestamp NOW = Timestamp.of(Instant.parse("2026-12-06T12:00:00Z"));

    static Layout layout(String title, boolean signedIn) {
        Layout.Visitor visitor = signedIn
                ? new Layout.Visitor("tok_abc", XSS, true, "csrf-token-value")
                : Layout.Visitor.anonymous("csrf-token-value");
        return new Layout(
                title,
                visitor,
                new Layout.Assets("/assets/wreg.css", "/assets/wreg.js", "/webjars/htmx.min.js"),
                false,
                XSS,
                0);
    }

    static Stream<Page> pages() {
        TrustedHtml wit = new WitHighlighter()
                .highlight("package a:b;\ninterface c { f: func(); }\n", ref -> null)
                .html();
        LogEntryRow entry = new LogEntryRow(
                3,
                "/log-explorer/entries/3",
                "package record",
                XSS,
                "/packages/a/b",
                List.of("release " + XSS),
                List.of("sha256:" + "a".repeat(64)),
                NOW,
                "sha256:" + "b".repeat(64));
        return Stream.of(
                new HomePage(
                        layout(XSS, false),
                        2,
                        3,
                        4,
                        List.of(new HomePage.RecentRelease(
                                XSS, XSS, "/packages/a/b/1.0.0", NOW, MARKDOWN.block(XSS), true, true))),
                new PackagePage(
                        layout("a:b", true),
                        XSS,
                        "a",
                        "/namespaces/a",
                        "1.0.0",
                        true,
                        MARKDOWN.block(XSS),
                        new PackagePage.Banner(true, MARKDOWN.inline(XSS), MARKDOWN.inline(XSS)),
                        List.of(new PackagePage.Snippet("install-wreg", "wreg", "wreg fetch " + XSS)),
                        new PackagePage.Wit(wit, true, "/packages/a/b/1.0.0/wit", 123),
                        List.of(new PackagePage.WorldItem(XSS, "interface", "/interfaces/x", "a:b/c")),
                        List.of(new PackagePage.WorldItem("run", "function", null, null)),
                        List.of(new PackagePage.Capability("filesystem", "reads files", List.of(XSS))),
                        new PackagePage.Semver(
                                "0.9.0",
                                "/packages/a/b/0.9.0",
                                "major",
                                "major",
                                List.of(new PackagePage.Change("major", XSS))),
                        List.of(new PackagePage.VersionRow(
                                "1.0.0",
                                "/packages/a/b/1.0.0",
                                NOW,
                                "1 KiB",
                                true,
                                MARKDOWN.inline(XSS),
                                MARKDOWN.inline(XSS),
                                true)),
                        new PackagePage.Details(
                                "1 KiB",
                                1024,
                                "sha256:x",
                                "/v1/blobs/sha256:x",
                                List.of(XSS),
                                NOW,
                                "sha256:r",
                                5L,
                                "/log-explorer/entries/5"),
                        new PackagePage.Provenance(
                                "plug",
                                false,
                                null,
                                List.of(new PackagePage.Input("socket", XSS, "/packages/a/c/1.0.0", "sha256:y"))),
                        List.of(new PackagePage.Dependent(XSS, "/packages/a/d/1.0.0", List.of(XSS)))),
                new NamespacePage(
                        layout("a", false),
                        XSS,
                        List.of(new NamespacePage.OwnerKey(XSS, XSS)),
                        "sha256:r",
                        0L,
                        NOW,
                        List.of(new NamespacePage.PackageRow(XSS, "/packages/a/b", null, NOW))),
                new LogPage(
                        layout("log", false),
                        XSS,
                        4,
                        "root",
                        XSS,
                        List.of(new LogPage.Cosignature(XSS, NOW, XSS)),
                        List.of(entry),
                        "/log-explorer?before=1",
                        XSS),
                new LogEntryPage(
                        layout("entry", false), entry, 4, XSS, false, XSS, "/log/proof/inclusion?index=3", XSS),
                new ComposePage(layout("compose", true), XSS, List.of(XSS, ""), XSS, List.of(XSS), List.of(XSS)),
                new CompositionPage(
                        layout("composition", true).refreshingEvery(2),
                        "id",
                        "running",
                        false,
                        "/compose/id",
                        List.of(new CompositionPage.Input("socket", XSS, XSS, "/packages/a/b/1.0.0", "sha256:z")),
                        List.of(new CompositionPage.Wiring(XSS, XSS, XSS, XSS)),
                        List.of(new CompositionPage.Check(XSS, false, XSS)),
                        new CompositionPage.SmokeRun(
                                true, null, List.of(), List.of(new CompositionPage.Call(XSS, XSS, null)), 3),
                        wit,
                        new CompositionPage.Result("sha256:z", "1 KiB", "/v1/blobs/sha256:z"),
                        new CompositionPage.Error(XSS, XSS)),
                new SignInPage(layout("sign in", false), XSS, XSS),
                new TokensPage(
                        layout("tokens", true),
                        new TokensPage.TokenRow("tok_abc", XSS, List.of("admin"), List.of(), NOW, null, null),
                        List.of(new TokensPage.TokenRow(
                                "tok_def", XSS, List.of("publish"), List.of(XSS), NOW, NOW, null)),
                        new TokensPage.NewToken("tok_def", "wreg_secret"),
                        true,
                        XSS,
                        XSS),
                new SearchPage(
                        layout("search", false).withHtmx(),
                        XSS,
                        1,
                        1,
                        List.of(new SearchPage.Hit(
                                XSS, "/packages/a/b", "1.0.0", MARKDOWN.block(XSS), List.of(XSS), true, true)),
                        List.of(new SearchPage.Facet(
                                XSS, List.of(new SearchPage.FacetValue(XSS, 1, "/search?q=x", true)))),
                        null,
                        "/search?q=x&page=2",
                        List.of(new Link(XSS, "/search?q=y")),
                        XSS),
                new InterfacePage(
                        layout("iface", false),
                        XSS,
                        wit,
                        XSS,
                        List.of(new InterfacePage.Track(
                                "1.x",
                                List.of(new InterfacePage.Party(XSS, "/packages/a/b/1.0.0", XSS, true, true)),
                                3)),
                        List.of()),
                new ErrorPage(layout("not found", false), 404, XSS, XSS, List.of(new Link(XSS, "/packages/a/b")), XSS));
    }

    @ParameterizedTest
    @MethodSource("pages")
    void rendersEscapedAndWithoutInlineScriptOrStyle(Page page) {
        String html = PAGES.render(page);
        Document doc = Jsoup.parse(html);
        assertThat(doc.title()).endsWith("· wreg");
        assertThat(doc.select("html").attr("lang")).isEqualTo("en");
        // Nothing the page was given became markup.
        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("script")).allSatisfy(script -> {
            assertThat(script.attr("src"))
                    .as("inline script in %s", page.template())
                    .isNotEmpty();
            assertThat(script.data()).isEmpty();
        });
        assertThat(doc.select("style")).isEmpty();
        assertThat(doc.getAllElements())
                .allSatisfy(element -> element.attributes().forEach(attribute -> {
                    assertThat(attribute.getKey()).isNotEqualTo("style").doesNotStartWith("on");
                    assertThat(attribute.getKey()).doesNotStartWith("hx-on");
                }));
        assertThat(doc.text()).contains("<script>alert('x')</script>");
        // Every POST form carries the CSRF token.
        assertThat(doc.select("form[method=post]"))
                .allSatisfy(form -> assertThat(form.select("input[name=_csrf]").attr("value"))
                        .isEqualTo("csrf-token-value"));
        // Ids are unique (anchors, labels and aria references depend on it).
        List<String> ids = doc.select("[id]").eachAttr("id");
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(doc.select("label[for]"))
                .allSatisfy(label -> assertThat(doc.getElementById(label.attr("for")))
                        .as("control for label %s", label.attr("for"))
                        .isNotNull());
    }

    @Test
    void htmxLoadsOnlyWhereAPageAsksForIt() {
        Document plain = Jsoup.parse(PAGES.render(new SignInPage(layout("sign in", false), null, "/")));
        assertThat(plain.select("script[src*=htmx]")).isEmpty();
        Document withHtmx =
                Jsoup.parse(PAGES.render(new SignInPage(layout("sign in", false).withHtmx(), null, "/")));
        assertThat(withHtmx.select("script[src*=htmx]")).hasSize(1);
        assertThat(withHtmx.select("meta[name=htmx-config]").attr("content")).contains("\"allowEval\":false");
    }

    @Test
    void aRunningCompositionPollsWithHtmxAndRefreshesWithoutScript() {
        CompositionPage running = new CompositionPage(
                layout("c", true).withHtmx().refreshingEvery(2),
                "id",
                "running",
                false,
                "/compose/id",
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null,
                null);
        Document doc = Jsoup.parse(PAGES.render(running));
        assertThat(doc.select("#job").attr("hx-get")).isEqualTo("/compose/id");
        assertThat(doc.select("#job").attr("hx-trigger")).isEqualTo("every 1s");
        assertThat(doc.select("noscript").html()).contains("http-equiv=\"refresh\"");

        CompositionPage done = new CompositionPage(
                layout("c", true).withHtmx(),
                "id",
                "succeeded",
                true,
                "/compose/id",
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null,
                null);
        Document finished = Jsoup.parse(PAGES.render(done));
        assertThat(finished.select("#job").hasAttr("hx-get")).isFalse();
        assertThat(finished.select("noscript")).isEmpty();
    }

    @Test
    void completionsAreEscapedOptions() {
        Document doc = Jsoup.parseBodyFragment(PAGES.completions(List.of("a:b@1.0.0", XSS)));
        assertThat(doc.select("option").eachAttr("value")).containsExactly("a:b@1.0.0", XSS);
        assertThat(doc.select("script, img")).isEmpty();
    }
}
