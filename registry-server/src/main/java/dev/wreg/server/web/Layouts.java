package dev.wreg.server.web;

import dev.wreg.webui.view.Layout;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/**
 * The frame of every page: the visitor (for the header and the forms' CSRF token) and the asset
 * URLs, content-hashed by Spring's resource chain so they can be cached for a year.
 */
@Component
public class Layouts {

    static final String CSS = "/assets/wreg.css";
    static final String JS = "/assets/wreg.js";
    static final String HTMX = "/webjars/htmx.org/dist/htmx.min.js";

    private final WebVisitors visitors;
    private final ResourceUrlProvider resourceUrls;
    private volatile Layout.Assets assets;

    public Layouts(WebVisitors visitors, ResourceUrlProvider resourceUrls) {
        this.visitors = visitors;
        this.resourceUrls = resourceUrls;
    }

    public Layout of(HttpServletRequest request, String title) {
        WebVisitors.Visitor visitor = visitors.current(request);
        Layout.Visitor view = visitor.signedIn()
                ? new Layout.Visitor(
                        visitor.caller().tokenId(), visitor.tokenDescription(), visitor.admin(), visitor.csrf())
                : Layout.Visitor.anonymous(visitor.csrf());
        return new Layout(title, view, assets(), false, "", 0);
    }

    private Layout.Assets assets() {
        Layout.Assets known = assets;
        if (known == null) {
            known = new Layout.Assets(url(CSS), url(JS), url(HTMX));
            assets = known;
        }
        return known;
    }

    private String url(String path) {
        String resolved = resourceUrls.getForLookupPath(path);
        return resolved == null ? path : resolved;
    }
}
