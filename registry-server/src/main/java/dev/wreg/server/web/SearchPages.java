package dev.wreg.server.web;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.InterfaceParty;
import dev.wreg.protocol.api.InterfaceReport;
import dev.wreg.protocol.api.InterfaceTrack;
import dev.wreg.protocol.api.SearchHit;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.server.search.NotIndexedException;
import dev.wreg.server.search.SearchService;
import dev.wreg.webui.html.MarkdownRenderer;
import dev.wreg.webui.html.WitHighlighter;
import dev.wreg.webui.view.InterfacePage;
import dev.wreg.webui.view.Link;
import dev.wreg.webui.view.SearchPage;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The search page and the interface pages, read from the interface index through the same
 * {@link SearchService} calls as {@code GET /v1/search} and {@code GET /v1/interfaces/…}, so a
 * page ranks and groups exactly as the API does.
 */
@Controller
@Hidden // pages, not part of the REST API
public class SearchPages {

    static final int PER_PAGE = 20;
    /** Longer queries are rendered per visit rather than kept (they are rarely asked twice). */
    static final int MAX_SHARED_QUERY_CHARS = 256;
    /**
     * The facets count the first this many hits, read in the same query as the first pages (one
     * query for most searches); past them a facet says it counted only those.
     */
    static final int FACET_WINDOW = 100;

    private final SearchService search;
    private final MarkdownRenderer markdown;
    private final WitHighlighter highlighter;
    private final HtmlResponses html;

    public SearchPages(
            SearchService search, MarkdownRenderer markdown, WitHighlighter highlighter, HtmlResponses html) {
        this.search = search;
        this.markdown = markdown;
        this.highlighter = highlighter;
        this.html = html;
    }

    @GetMapping("/search")
    ResponseEntity<String> search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String page,
            HttpServletRequest request) {
        SearchTerms terms = SearchTerms.parse(q);
        int pageNumber = pageNumber(page);
        // The first pages come out of the facets' window; later ones are asked for on their own.
        dev.wreg.protocol.api.SearchPage window = search.search(terms.query(1, FACET_WINDOW));
        List<SearchHit> hits;
        dev.wreg.protocol.api.SearchPage later = null;
        long total = window.total();
        int from = (pageNumber - 1) * PER_PAGE;
        if (from + PER_PAGE <= FACET_WINDOW) {
            hits = window.hits()
                    .subList(
                            Math.min(from, window.hits().size()),
                            Math.min(from + PER_PAGE, window.hits().size()));
        } else {
            later = search.search(terms.query(pageNumber, PER_PAGE));
            hits = later.hits();
            total = later.total();
        }
        String canonical = terms.canonical();
        long lastPage = Math.max(1, Math.min((total + PER_PAGE - 1) / PER_PAGE, maxPage()));
        List<String> notes = new ArrayList<>(terms.notes());
        if (pageNumber > lastPage && total > 0) {
            notes.add("There is no page " + pageNumber + " of these results; the last is page " + lastPage + ".");
        }
        String title = canonical.isEmpty() ? "Search" : "Search: " + PackagePages.shorten(canonical);
        long shownTotal = total;
        List<SearchHit> shownHits = hits;
        // Suggestions for an empty result are read on every visit; everything else comes from the
        // search answers, which are the same objects until the index changes.
        List<Link> suggestions = total == 0 ? suggestions(terms) : List.of();
        java.util.function.Function<dev.wreg.webui.view.Layout, SearchPage> build = layout -> new SearchPage(
                layout.withHtmx().withQuery(canonical),
                canonical,
                shownTotal,
                pageNumber,
                shownHits.stream().map(this::hit).toList(),
                facets(terms, window),
                pageNumber > 1 ? searchUrl(canonical, Math.min(pageNumber - 1, lastPage)) : null,
                pageNumber < lastPage ? searchUrl(canonical, pageNumber + 1) : null,
                suggestions,
                notes.isEmpty() ? null : String.join(" ", notes));
        if (total == 0 || (q != null && q.length() > MAX_SHARED_QUERY_CHARS)) {
            return html.ok(build.apply(html.layout(request, title)));
        }
        return html.okShared(
                request, title, "search " + q + "&page=" + pageNumber, java.util.Arrays.asList(window, later), build);
    }

    @GetMapping("/interfaces/{pkg}/{iface}")
    ResponseEntity<String> interfacePage(
            @PathVariable String pkg, @PathVariable String iface, HttpServletRequest request) {
        String wanted = pkg + "/" + iface;
        InterfaceName name;
        try {
            name = InterfaceName.parse(wanted);
        } catch (ProtocolException notAName) {
            throw interfaceNotFound(wanted, search.nearestInterfaces(wanted));
        }
        InterfaceReport report;
        try {
            report = search.describe(name);
        } catch (NotIndexedException unknown) {
            throw interfaceNotFound(name.toString(), unknown.suggestions());
        }
        InterfaceTrack newest = report.tracks().getFirst();
        List<InterfacePage.Track> providers = new ArrayList<>();
        List<InterfacePage.Track> consumers = new ArrayList<>();
        for (InterfaceTrack track : report.tracks()) {
            if (!track.providers().isEmpty()) {
                providers.add(
                        new InterfacePage.Track(track.track(), parties(track.providers()), track.providerCount()));
            }
            if (!track.consumers().isEmpty()) {
                consumers.add(
                        new InterfacePage.Track(track.track(), parties(track.consumers()), track.consumerCount()));
            }
        }
        String shown = name.version() == null ? report.name() : name.toString();
        // The report is the same object until the index changes: the highlighted WIT and the page
        // are made once per change for visitors without cookies.
        return html.okShared(
                request,
                shown + " interface",
                "interface " + wanted,
                List.of(report),
                layout -> new InterfacePage(
                        layout,
                        shown,
                        newest.wit() == null
                                ? null
                                : highlighter
                                        .highlight(newest.wit(), Urls::interfaceOf)
                                        .html(),
                        newest.newest(),
                        providers,
                        consumers));
    }

    private SearchPage.Hit hit(SearchHit h) {
        // A hit found by an older release links to that release; otherwise to the package.
        String url = h.latest() != null && h.latest().equals(h.version())
                ? Urls.pkg(h.pkg())
                : Urls.release(h.pkg(), h.version());
        return new SearchPage.Hit(
                h.pkg(),
                url,
                h.latest() != null ? h.latest() : h.version(),
                markdown.block(HomePages.firstParagraph(h.description())),
                h.matchedInterfaces(),
                h.yanked(),
                h.deprecated() != null);
    }

    private static List<InterfacePage.Party> parties(List<InterfaceParty> parties) {
        return parties.stream()
                .map(p -> new InterfacePage.Party(
                        p.pkg() + "@" + p.version(),
                        Urls.release(p.pkg(), p.version()),
                        p.interfaceVersion(),
                        p.yanked(),
                        p.deprecated() != null))
                .toList();
    }

    /**
     * Namespaces of the hits, and, under an interface filter, the semver tracks the hits use; each
     * value narrows the query, a selected one widens it again.
     */
    private static List<SearchPage.Facet> facets(SearchTerms terms, dev.wreg.protocol.api.SearchPage window) {
        if (window.total() == 0) {
            return List.of();
        }
        String counted = window.total() > window.hits().size()
                ? " (first " + window.hits().size() + ")"
                : "";
        List<SearchPage.Facet> facets = new ArrayList<>();
        Map<String, Long> namespaces = new LinkedHashMap<>();
        for (SearchHit h : window.hits()) {
            namespaces.merge(h.namespace(), 1L, Long::sum);
        }
        List<SearchPage.FacetValue> values = new ArrayList<>();
        if (terms.namespace() != null) {
            values.add(new SearchPage.FacetValue(
                    "every namespace", -1, searchUrl(terms.withNamespace(null).canonical(), 1), false));
        }
        namespaces.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(12)
                .forEach(e -> values.add(new SearchPage.FacetValue(
                        e.getKey(),
                        e.getValue(),
                        searchUrl(terms.withNamespace(e.getKey()).canonical(), 1),
                        e.getKey().equals(terms.namespace()))));
        facets.add(new SearchPage.Facet("Namespace" + counted, values));
        trackFacet(terms.exports(), "exports", terms, window, counted).ifPresent(facets::add);
        trackFacet(terms.imports(), "imports", terms, window, counted).ifPresent(facets::add);
        return facets;
    }

    private static java.util.Optional<SearchPage.Facet> trackFacet(
            InterfaceName filter,
            String direction,
            SearchTerms terms,
            dev.wreg.protocol.api.SearchPage window,
            String counted) {
        if (filter == null) {
            return java.util.Optional.empty();
        }
        // The matched interfaces of a hit are the filter's interface at the versions it uses.
        Map<String, InterfaceName> example = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SearchHit h : window.hits()) {
            Set<String> tracks = new LinkedHashSet<>();
            for (String matched : h.matchedInterfaces()) {
                try {
                    InterfaceName used = InterfaceName.parse(matched);
                    if (used.id().equals(filter.id()) && used.track().isPresent()) {
                        String track = InterfaceName.displayTrack(used.track().get());
                        example.putIfAbsent(track, used);
                        tracks.add(track);
                    }
                } catch (ProtocolException notOne) {
                    // not an interface name: nothing to count
                }
            }
            tracks.forEach(t -> counts.merge(t, 1L, Long::sum));
        }
        if (counts.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<SearchPage.FacetValue> values = new ArrayList<>();
        String selected = filter.track().map(InterfaceName::displayTrack).orElse(null);
        if (selected != null) {
            InterfaceName any = filter.unversioned();
            values.add(new SearchPage.FacetValue(
                    "every version",
                    -1,
                    searchUrl(
                            (direction.equals("exports") ? terms.withExports(any) : terms.withImports(any)).canonical(),
                            1),
                    false));
        }
        counts.forEach((track, n) -> {
            InterfaceName on = example.get(track);
            SearchTerms narrowed = direction.equals("exports") ? terms.withExports(on) : terms.withImports(on);
            values.add(new SearchPage.FacetValue(track, n, searchUrl(narrowed.canonical(), 1), track.equals(selected)));
        });
        return java.util.Optional.of(new SearchPage.Facet(
                (direction.equals("exports") ? "Exported " : "Imported ") + filter.id() + counted, values));
    }

    /** What to try when nothing matched: close package and interface names, a wider query. */
    private List<Link> suggestions(SearchTerms terms) {
        List<Link> out = new ArrayList<>();
        if (!terms.text().isEmpty()) {
            String firstWord = terms.text().split(" ")[0];
            for (String pkg : search.nearestPackages(firstWord)) {
                out.add(new Link(pkg, Urls.pkg(pkg)));
            }
        }
        for (InterfaceName filter : java.util.Arrays.asList(terms.exports(), terms.imports())) {
            if (filter == null) {
                continue;
            }
            String prefix = filter == terms.exports() ? "exports:" : "imports:";
            if (filter.version() != null) {
                out.add(new Link(prefix + filter.id() + " (every version)", searchUrl(prefix + filter.id(), 1)));
            }
            for (String near : search.nearestInterfaces(filter.id())) {
                if (!near.equals(filter.id())) {
                    out.add(new Link(prefix + near, searchUrl(prefix + near, 1)));
                }
            }
            out.add(new Link(
                    (prefix.equals("exports:") ? "imports:" : "exports:") + filter.id(),
                    searchUrl((prefix.equals("exports:") ? "imports:" : "exports:") + filter.id(), 1)));
        }
        if (terms.namespace() != null) {
            out.add(new Link(
                    PackagePages.shorten(terms.withNamespace(null).canonical()) + " in every namespace",
                    searchUrl(terms.withNamespace(null).canonical(), 1)));
        }
        if (!terms.text().isEmpty() && (terms.exports() != null || terms.imports() != null)) {
            out.add(new Link(
                    "the filters without the text", searchUrl(terms.withText("").canonical(), 1)));
        }
        out.add(new Link("every package, by name", "/search"));
        return out.stream().distinct().limit(8).toList();
    }

    private static PageNotFoundException interfaceNotFound(String wanted, List<String> close) {
        return new PageNotFoundException(
                "No release in this registry imports, exports or defines " + PackagePages.shorten(wanted) + ".",
                close.stream()
                        .map(n -> new Link(n, Urls.interfaceOf(n)))
                        .filter(l -> l.url() != null)
                        .toList());
    }

    static String searchUrl(String q, long page) {
        List<String> params = new ArrayList<>();
        if (!q.isEmpty()) {
            params.add("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        if (page > 1) {
            params.add("page=" + page);
        }
        return params.isEmpty() ? "/search" : "/search?" + String.join("&", params);
    }

    /** Any page parameter gives a page: what is not a number is the first, too far is the last. */
    private static int pageNumber(String page) {
        if (page == null) {
            return 1;
        }
        try {
            return (int) Math.max(1, Math.min(Long.parseLong(page.strip()), maxPage()));
        } catch (NumberFormatException notANumber) {
            return 1;
        }
    }

    private static long maxPage() {
        return dev.wreg.server.search.SearchQuery.MAX_DEPTH / PER_PAGE;
    }
}
