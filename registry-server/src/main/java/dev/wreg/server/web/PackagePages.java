package dev.wreg.server.web;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.DependentsPage;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.packages.PackageCatalog;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.packages.PackageStateViews;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.server.search.NotIndexedException;
import dev.wreg.server.search.SearchService;
import dev.wreg.webui.view.Link;
import dev.wreg.webui.view.PackagePage;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** A package at a version, and its WIT as text. */
@Controller
@Hidden // pages, not part of the REST API
public class PackagePages {

    private final PackageLog packageLog;
    private final PackageStateViews views;
    private final PackageCatalog catalog;
    private final PackagePageAssembler assembler;
    private final HtmlResponses html;
    private final SearchService search;

    /**
     * Built pages by package, version and address, each with the freshness (log lengths and head)
     * it was built at; bounded, least recently used out. A page built at a newer freshness replaces
     * the older one in its slot: keyed by freshness too, every record of a busy package left one
     * more page (listing all its versions) behind until the bound pushed it out.
     */
    private final Map<String, BuiltPage> built = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BuiltPage> eldest) {
            return size() > MAX_BUILT_PAGES;
        }
    };

    static final int MAX_BUILT_PAGES = 512;

    private record BuiltPage(String freshness, PackagePage page) {}

    /** Dependents a package page lists; the API pages through all of them. */
    static final int MAX_DEPENDENTS_SHOWN = 50;

    public PackagePages(
            PackageLog packageLog,
            PackageStateViews views,
            PackageCatalog catalog,
            PackagePageAssembler assembler,
            HtmlResponses html,
            SearchService search) {
        this.packageLog = packageLog;
        this.views = views;
        this.catalog = catalog;
        this.assembler = assembler;
        this.html = html;
        this.search = search;
    }

    @GetMapping("/packages/{namespace}/{name}")
    ResponseEntity<String> latest(
            @PathVariable String namespace, @PathVariable String name, HttpServletRequest request) {
        return page(request, namespace, name, null);
    }

    @GetMapping("/packages/{namespace}/{name}/{version}")
    ResponseEntity<String> version(
            @PathVariable String namespace,
            @PathVariable String name,
            @PathVariable String version,
            HttpServletRequest request) {
        return page(request, namespace, name, version);
    }

    @GetMapping("/packages/{namespace}/{name}/{version}/wit")
    ResponseEntity<String> wit(
            @PathVariable String namespace, @PathVariable String name, @PathVariable String version) {
        ReleaseInfo release = release(state(namespace, name), version);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(1)).cachePublic())
                .body(assembler.wit(release));
    }

    private PackageState state(String namespace, String name) {
        try {
            return packageLog.state(name(namespace, name));
        } catch (Refusal notThere) {
            throw notFound(namespace + ":" + name);
        }
    }

    private PackageName name(String namespace, String name) {
        try {
            return PackageName.parse(namespace + ":" + name);
        } catch (ProtocolException invalid) {
            throw notFound(namespace + ":" + name);
        }
    }

    private PageNotFoundException notFound(String wanted) {
        List<Link> close = catalog.closeNames(wanted, 5).stream()
                .map(n -> new Link(n, Urls.pkg(n)))
                .toList();
        return new PageNotFoundException("There is no package " + shorten(wanted) + ".", close);
    }

    private static ReleaseInfo release(PackageState state, String versionText) {
        Optional<ReleaseInfo> found;
        try {
            found = state.release(Version.parse(versionText));
        } catch (ProtocolException e) {
            found = Optional.empty();
        }
        return found.orElseThrow(() -> new PageNotFoundException(
                state.name() + " has no version " + shorten(versionText) + ".",
                state.releases().stream()
                        .sorted(Comparator.comparing(ReleaseInfo::version).reversed())
                        .limit(5)
                        .map(r -> new Link(state.name() + " " + r.version(), Urls.release(state.name(), r.version())))
                        .toList()));
    }

    /**
     * A release's page depends only on the package's log, the operator log (key permissions), the
     * release's immutable content and the address it is served at. The same freshness check as
     * {@code GET /v1/packages/{pkg}} (one query: the logs' lengths and head) names the version of
     * the package it was built from, so a page is built once per change and reused for every
     * visitor; only the frame (who is signed in) is added per request. A page whose record was not
     * in the log yet is not kept: its log index appears soon.
     *
     * @param versionText the version in the URL, or null for the latest release
     */
    /** How many built pages are kept (for tests). */
    int builtPages() {
        synchronized (built) {
            return built.size();
        }
    }

    private ResponseEntity<String> page(HttpServletRequest request, String namespace, String name, String versionText) {
        PackageName pkg = name(namespace, name);
        String freshness;
        try {
            freshness = views.view(pkg).entityTag();
        } catch (Refusal notThere) {
            throw notFound(namespace + ":" + name);
        }
        String base =
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        String slot = pkg + "@" + (versionText == null ? "" : versionText) + "|" + base;
        PackagePage page;
        synchronized (built) {
            BuiltPage found = built.get(slot);
            page = found != null && found.freshness().equals(freshness) ? found.page() : null;
        }
        if (page == null) {
            PackageState state = state(namespace, name);
            ReleaseInfo release = versionText == null
                    ? state.latest()
                            .flatMap(state::release)
                            .or(() -> state.releases().stream().max(Comparator.comparing(ReleaseInfo::version)))
                            .orElseThrow(
                                    () -> new PageNotFoundException(state.name() + " has no releases yet.", List.of()))
                    : release(state, versionText);
            boolean latest = state.latest().map(release.version()::equals).orElse(false);
            page = assembler.page(
                    html.layout(request, state.name() + " " + release.version()), state, release, latest, base);
            if (page.details().logIndex() != null) {
                synchronized (built) {
                    built.put(slot, new BuiltPage(freshness, page));
                }
            }
        }
        // Dependents change with other packages' releases, not this package's log: asked per visit
        // of the search answers, which hand out the same object until the index changes.
        PackagePage built = page;
        DependentsPage found = dependents(pkg, page.version());
        return html.okShared(
                request,
                page.pkg() + " " + page.version(),
                "package " + slot, // the page object tells a newer build apart
                java.util.Arrays.asList(built, found),
                layout -> built.forVisit(layout, dependentsShown(pkg, built.version(), found)));
    }

    /** The releases this release's exports satisfy; null when the index does not hold it yet. */
    private DependentsPage dependents(PackageName pkg, String version) {
        try {
            return search.dependents(pkg, Version.parse(version), 1, MAX_DEPENDENTS_SHOWN);
        } catch (NotIndexedException notYet) {
            return null;
        }
    }

    private static PackagePage.Dependents dependentsShown(PackageName pkg, String version, DependentsPage found) {
        if (found == null) {
            return null;
        }
        return new PackagePage.Dependents(
                found.dependents().stream()
                        .map(d -> new PackagePage.Dependent(
                                d.pkg() + "@" + d.version(), Urls.release(d.pkg(), d.version()), d.imports()))
                        .toList(),
                found.total(),
                found.exports(),
                "/v1/packages/" + pkg + "/dependents?version=" + version);
    }

    static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
