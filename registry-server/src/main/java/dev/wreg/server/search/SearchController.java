package dev.wreg.server.search;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.DependentsPage;
import dev.wreg.protocol.api.InterfaceReport;
import dev.wreg.protocol.api.SearchPage;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The index over HTTP: {@code GET /v1/search}, {@code GET /v1/interfaces/{ns:pkg}/{iface}} and
 * {@code GET /v1/packages/{pkg}/dependents}. Answers carry an entity tag (a digest of the body)
 * and {@code Cache-Control: no-cache}, so clients revalidate and get a 304 without a body while
 * nothing changed; paged answers carry RFC 8288 {@code Link} headers (first, prev, next, last).
 * Refusals ({@link InvalidSearchException}, {@link NotIndexedException}) become problem documents
 * in {@code ProblemResponses}, as every service's do.
 */
@RestController
@Tag(name = "search")
public class SearchController {

    private static final JsonMapper ETAG_JSON = JsonMapper.builder().build();

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    @Operation(
            summary = "Search packages by text, by the interfaces their releases export or import, by namespace",
            description = "Free text is matched against package names, interface names, descriptions and function"
                    + " names (in that order of weight), with near misses of package names; an interface named"
                    + " without a version matches every version, with one it matches that semver track. Hits whose"
                    + " release is yanked come last and are marked.")
    @GetMapping(path = "/v1/search", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<SearchPage> search(
            @Parameter(description = "free text, at most 256 characters") @RequestParam(required = false) String q,
            @Parameter(description = "ns:pkg/iface or ns:pkg/iface@version") @RequestParam(required = false)
                    String exports,
            @Parameter(description = "ns:pkg/iface or ns:pkg/iface@version") @RequestParam(required = false)
                    String imports,
            @RequestParam(required = false) String namespace,
            @Parameter(description = "from 1") @RequestParam(required = false) Integer page,
            @Parameter(description = "1 to 100, default 20") @RequestParam(name = "per_page", required = false)
                    Integer perPage,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            HttpServletRequest request) {
        SearchPage result = search.search(SearchQuery.of(q, exports, imports, namespace, page, perPage));
        return cacheable(result, ifNoneMatch, links(request, result.page(), result.perPage(), result.total()));
    }

    @Operation(
            summary = "An interface: its WIT, and the releases providing and consuming it, by semver track",
            description = "`pkg` is `ns:name`, `iface` the interface name, optionally `@version` (then only that"
                    + " semver track). Tracks come newest first; each lists up to 100 providers and consumers.")
    @GetMapping(path = "/v1/interfaces/{pkg}/{iface}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<InterfaceReport> describeInterface(
            @PathVariable String pkg,
            @PathVariable String iface,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        return cacheable(search.describe(SearchService.interfaceOf(pkg, iface)), ifNoneMatch, List.of());
    }

    @Operation(
            summary = "Releases whose imports this package's exports satisfy",
            description = "The exports of `version` (default: the package's current release) against every"
                    + " release importing the same interface on the same semver track at a version no newer.")
    @GetMapping(path = "/v1/packages/{pkg}/dependents", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<DependentsPage> dependents(
            @PathVariable String pkg,
            @RequestParam(required = false) String version,
            @RequestParam(required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            HttpServletRequest request) {
        PackageName name;
        Version exact = null;
        try {
            name = PackageName.parse(pkg);
            if (version != null) {
                exact = Version.parse(version);
            }
        } catch (ProtocolException e) {
            throw new InvalidSearchException(e.getMessage());
        }
        DependentsPage result = search.dependents(
                name, exact, page == null ? 1 : page, perPage == null ? SearchQuery.DEFAULT_PER_PAGE : perPage);
        return cacheable(result, ifNoneMatch, links(request, result.page(), result.perPage(), result.total()));
    }

    /** The body with its entity tag, or 304 when the client's copy is current. */
    private static <T> ResponseEntity<T> cacheable(T body, String ifNoneMatch, List<String> links) {
        String tag =
                "\"" + Digest.sha256(ETAG_JSON.writeValueAsBytes(body)).hex().substring(0, 32) + "\"";
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(tag);
        headers.setCacheControl(CacheControl.noCache());
        if (!links.isEmpty()) {
            headers.set(HttpHeaders.LINK, String.join(", ", links));
        }
        if (ifNoneMatch != null && tagMatches(ifNoneMatch, tag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .headers(headers)
                    .build();
        }
        return ResponseEntity.ok().headers(headers).body(body);
    }

    private static boolean tagMatches(String ifNoneMatch, String tag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*") || trimmed.equals(tag) || trimmed.equals("W/" + tag)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 8288 links to the first, previous, next and last pages, relative to this request. */
    static List<String> links(HttpServletRequest request, int page, int perPage, long total) {
        long last = Math.max(1, (total + perPage - 1) / perPage);
        long lastReachable = Math.min(last, SearchQuery.MAX_DEPTH / perPage);
        List<String> links = new ArrayList<>();
        links.add(link(request, 1, "first"));
        if (page > 1) {
            links.add(link(request, Math.min(page - 1, lastReachable), "prev"));
        }
        if (page < lastReachable) {
            links.add(link(request, page + 1, "next"));
        }
        links.add(link(request, lastReachable, "last"));
        return links;
    }

    private static String link(HttpServletRequest request, long page, String rel) {
        // The decoded path, encoded once by the builder (the raw request URI would be encoded twice).
        String path = request.getContextPath()
                + request.getServletPath()
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        for (Map.Entry<String, String[]> param : request.getParameterMap().entrySet()) {
            if (!param.getKey().equals("page")) {
                uri.queryParam(param.getKey(), (Object[]) param.getValue());
            }
        }
        uri.queryParam("page", page);
        return "<" + uri.encode().build().toUriString() + ">; rel=\"" + rel + "\"";
    }
}
