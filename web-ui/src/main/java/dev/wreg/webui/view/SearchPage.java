package dev.wreg.webui.view;

import dev.wreg.webui.html.TrustedHtml;
import java.util.List;

/**
 * Search results, ranked as the API ranks them, with facets and paging.
 *
 * @param suggestions what to try instead when nothing matched
 * @param notice a sentence about the query itself (e.g. it was cut short), or null
 */
public record SearchPage(
        Layout layout,
        String query,
        long total,
        int page,
        List<Hit> hits,
        List<Facet> facets,
        String previousUrl,
        String nextUrl,
        List<Link> suggestions,
        String notice)
        implements Page {

    public SearchPage {
        hits = List.copyOf(hits);
        facets = List.copyOf(facets);
        suggestions = List.copyOf(suggestions);
    }

    @Override
    public String template() {
        return "search.jte";
    }

    /** A package that matched, with the interfaces that made it match. */
    public record Hit(
            String pkg,
            String url,
            String latest,
            TrustedHtml description,
            List<String> matched,
            boolean yanked,
            boolean deprecated) {}

    /** A way to narrow the results (namespace, exports, imports) and its values. */
    public record Facet(String name, List<FacetValue> values) {}

    public record FacetValue(String label, long count, String url, boolean selected) {}
}
