package dev.wreg.server.web;

import dev.wreg.server.log.LogExplorer;
import dev.wreg.server.packages.ComponentSummaries;
import dev.wreg.server.packages.PackageCatalog;
import dev.wreg.webui.html.MarkdownRenderer;
import dev.wreg.webui.view.HomePage;
import dev.wreg.webui.view.Timestamp;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The front page. */
@Controller
@Hidden // pages, not part of the REST API
public record HomePages(
        PackageCatalog catalog,
        ComponentSummaries summaries,
        LogExplorer log,
        MarkdownRenderer markdown,
        HtmlResponses html,
        WebProperties properties) {

    @GetMapping("/")
    ResponseEntity<String> home(HttpServletRequest request) {
        PackageCatalog.Counts counts = catalog.counts();
        return html.ok(new HomePage(
                html.layout(request, "WebAssembly component registry"),
                counts.packages(),
                counts.releases(),
                log.current().checkpoint().size(),
                catalog.recent(properties.recentReleases()).stream()
                        .map(r -> new HomePage.RecentRelease(
                                r.pkg(),
                                r.version(),
                                Urls.release(r.pkg(), r.version()),
                                Timestamp.of(r.releasedAt()),
                                markdown.block(firstParagraph(
                                        summaries.summary(r.content(), r.size()).description())),
                                r.yanked(),
                                r.deprecated()))
                        .toList()));
    }

    /** A card shows the description's first paragraph, at most 300 characters of it. */
    static String firstParagraph(String description) {
        if (description == null) {
            return null;
        }
        String text = description.strip();
        int blank = text.indexOf("\n\n");
        if (blank >= 0) {
            text = text.substring(0, blank);
        }
        return text.length() > 300 ? text.substring(0, 299) + "…" : text;
    }
}
