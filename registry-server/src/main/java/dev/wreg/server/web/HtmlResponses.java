package dev.wreg.server.web;

import dev.wreg.webui.Pages;
import dev.wreg.webui.view.Layout;
import dev.wreg.webui.view.Page;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Pages as HTTP responses, each in the site's frame ({@link Layouts}): HTML in UTF-8, never stored
 * by shared caches (a page may show who is signed in), and the status the page stands for. The one
 * object a page controller renders through.
 */
@Component
public class HtmlResponses {

    static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);

    private final Pages pages;
    private final Layouts layouts;

    public HtmlResponses(Pages pages, Layouts layouts) {
        this.pages = pages;
        this.layouts = layouts;
    }

    /** The frame of a page titled {@code title} for the visitor making {@code request}. */
    public Layout layout(HttpServletRequest request, String title) {
        return layouts.of(request, title);
    }

    public ResponseEntity<String> ok(Page page) {
        return status(HttpStatus.OK, page);
    }

    public ResponseEntity<String> status(HttpStatus status, Page page) {
        return ResponseEntity.status(status)
                .contentType(HTML)
                .cacheControl(CacheControl.noCache().cachePrivate())
                .body(pages.render(page));
    }

    /** An htmx fragment (no layout). */
    public ResponseEntity<String> fragment(String html) {
        return ResponseEntity.ok()
                .contentType(HTML)
                .cacheControl(CacheControl.noCache())
                .body(html);
    }

    public Pages pages() {
        return pages;
    }
}
