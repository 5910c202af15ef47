package dev.wreg.webui.view;

import java.util.Objects;

/**
 * What every page shares: its title, who is looking, where the assets are, and whether it loads
 * htmx (only pages that use it do, to keep the others light).
 *
 * @param title the page's own title; the site name is appended
 * @param visitor the signed-in token or an anonymous visitor, with the CSRF token for forms
 * @param assets URLs of the stylesheet and scripts (content-hashed by the server)
 * @param htmx whether the page loads htmx
 * @param query the search text to show in the header's search box ("" for none)
 * @param refreshSeconds when above 0, a page that is still changing (a running composition)
 *     reloads itself after that many seconds if scripts are off; with scripts, htmx polls instead
 */
public record Layout(String title, Visitor visitor, Assets assets, boolean htmx, String query, int refreshSeconds) {

    public Layout {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(visitor, "visitor");
        Objects.requireNonNull(assets, "assets");
        query = query == null ? "" : query;
    }

    /** The same layout for another page. */
    public Layout titled(String newTitle) {
        return new Layout(newTitle, visitor, assets, htmx, query, refreshSeconds);
    }

    public Layout withHtmx() {
        return new Layout(title, visitor, assets, true, query, refreshSeconds);
    }

    public Layout withQuery(String newQuery) {
        return new Layout(title, visitor, assets, htmx, newQuery, refreshSeconds);
    }

    public Layout refreshingEvery(int seconds) {
        return new Layout(title, visitor, assets, htmx, query, seconds);
    }

    /** URLs of the site's own stylesheet and script and of the htmx WebJar. */
    public record Assets(String css, String js, String htmx) {}

    /**
     * Who is looking. {@code tokenId} is null for an anonymous visitor; {@code csrf} is the token
     * every form of the page carries.
     */
    public record Visitor(String tokenId, String description, boolean admin, String csrf) {

        public static Visitor anonymous(String csrf) {
            return new Visitor(null, null, false, csrf);
        }

        public boolean signedIn() {
            return tokenId != null;
        }
    }
}
