package dev.wreg.server.web;

import dev.wreg.webui.Pages;
import dev.wreg.webui.view.Layout;
import dev.wreg.webui.view.Page;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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

    /** Pages rendered for visitors without cookies; bounded, least recently used out. */
    static final int MAX_SHARED_PAGES = 1024;

    private final Pages pages;
    private final Layouts layouts;
    private final Map<String, Rendered> shared = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rendered> eldest) {
            return size() > MAX_SHARED_PAGES;
        }
    };

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

    /**
     * A page that every visitor without a session or CSRF cookie is shown alike (a crawler, a
     * first visit, a benchmark): its HTML is rendered once per {@code key} and reused for as long
     * as the page is made of the very same objects, {@code sources} compared by identity (the
     * callers' caches hand out the same object until what it holds changes). A signed-in visitor,
     * or one whose forms carry a CSRF token, gets a page rendered for them.
     *
     * @param key everything else the page depends on (its URL, the address it is served at)
     * @param page the page in the given frame
     */
    public ResponseEntity<String> okShared(
            HttpServletRequest request,
            String title,
            String key,
            List<?> sources,
            Function<Layout, ? extends Page> page) {
        Layout layout = layout(request, title);
        if (layout.visitor().signedIn() || layout.visitor().csrf() != null) {
            return ok(page.apply(layout));
        }
        Rendered seen;
        synchronized (shared) {
            seen = shared.get(key);
        }
        String body;
        if (seen != null && seen.madeOf(sources)) {
            body = seen.html();
        } else {
            body = pages.render(page.apply(layout));
            synchronized (shared) {
                shared.put(key, new Rendered(new java.util.ArrayList<>(sources), body));
            }
        }
        return ResponseEntity.ok()
                .contentType(HTML)
                .cacheControl(CacheControl.noCache().cachePrivate())
                .body(body);
    }

    private record Rendered(List<?> sources, String html) {
        boolean madeOf(List<?> others) {
            if (others.size() != sources.size()) {
                return false;
            }
            for (int i = 0; i < others.size(); i++) {
                if (others.get(i) != sources.get(i)) {
                    return false;
                }
            }
            return true;
        }
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
