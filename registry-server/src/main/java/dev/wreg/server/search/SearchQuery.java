package dev.wreg.server.search;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;

/**
 * A search as the index runs it, checked: free text (may be empty), interface filters, a
 * namespace, and the page.
 *
 * @param text the free text, stripped; empty for none
 * @param exports only packages with a release exporting this interface (on its track when it has a
 *     version); null for no filter
 * @param imports likewise for imports
 * @param namespace only packages of this namespace; null for all
 * @param page from 1
 */
public record SearchQuery(
        String text, InterfaceName exports, InterfaceName imports, String namespace, int page, int perPage) {

    /** Longest free text accepted; longer text is refused, not cut, so no query means something else. */
    public static final int MAX_TEXT_CHARS = 256;

    public static final int DEFAULT_PER_PAGE = 20;
    public static final int MAX_PER_PAGE = 100;
    /** Pages beyond this many hits are refused: narrow the query instead. */
    public static final int MAX_DEPTH = 10_000;

    public SearchQuery {
        text = text == null ? "" : text.strip();
        if (text.length() > MAX_TEXT_CHARS) {
            throw new InvalidSearchException(
                    "q is " + text.length() + " characters long; at most " + MAX_TEXT_CHARS + " are accepted");
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new InvalidSearchException("q contains control characters");
        }
        checkPage(page, perPage);
    }

    /** Parses the request parameters (any may be null). */
    public static SearchQuery of(
            String q, String exports, String imports, String namespace, Integer page, Integer perPage) {
        String ns = namespace == null || namespace.isBlank() ? null : namespace.strip();
        if (ns != null && !PackageName.isValidLabel(ns)) {
            throw new InvalidSearchException("namespace '" + shorten(ns) + "' is not a lowercase kebab-case label");
        }
        return new SearchQuery(
                q,
                interfaceParam("exports", exports),
                interfaceParam("imports", imports),
                ns,
                page == null ? 1 : page,
                perPage == null ? DEFAULT_PER_PAGE : perPage);
    }

    static void checkPage(int page, int perPage) {
        if (page < 1) {
            throw new InvalidSearchException("page must be 1 or more, not " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new InvalidSearchException("per_page must be between 1 and " + MAX_PER_PAGE + ", not " + perPage);
        }
        if ((long) page * perPage > MAX_DEPTH) {
            throw new InvalidSearchException("page " + page + " of " + perPage + " goes beyond the first " + MAX_DEPTH
                    + " results; narrow the query instead");
        }
    }

    static InterfaceName interfaceParam(String what, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return InterfaceName.parse(text.strip());
        } catch (ProtocolException e) {
            throw new InvalidSearchException(what + ": " + e.getMessage());
        }
    }

    public boolean hasText() {
        return !text.isEmpty();
    }

    public int offset() {
        return (page - 1) * perPage;
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
