package dev.wreg.server.web;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.DependentsPage;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.log.LogEntries;
import dev.wreg.server.packages.ComponentSummaries;
import dev.wreg.server.packages.ComponentSummaries.ComponentSummary;
import dev.wreg.server.packages.PackageCatalog;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.packages.PackageStateViews;
import dev.wreg.server.packages.ReleaseCapabilities;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.server.search.NotIndexedException;
import dev.wreg.server.search.SearchService;
import dev.wreg.validator.semver.SemverReport;
import dev.wreg.webui.html.MarkdownRenderer;
import dev.wreg.webui.html.WitHighlighter;
import dev.wreg.webui.view.Link;
import dev.wreg.webui.view.PackagePage;
import dev.wreg.webui.view.Sizes;
import dev.wreg.webui.view.Timestamp;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    /** The WASI capabilities a page names, by the interface package that grants each. */
    private static final Map<String, String[]> CAPABILITIES = new LinkedHashMap<>();

    static {
        CAPABILITIES.put(
                "wasi:filesystem", new String[] {"filesystem", "reads or writes files in preopened directories"});
        CAPABILITIES.put("wasi:sockets", new String[] {"sockets", "opens network connections"});
        CAPABILITIES.put("wasi:http", new String[] {"http", "makes or serves HTTP requests"});
        CAPABILITIES.put("wasi:clocks", new String[] {"clocks", "reads the time"});
        CAPABILITIES.put("wasi:random", new String[] {"random", "draws random numbers"});
        CAPABILITIES.put("wasi:cli/environment", new String[] {"env", "reads environment variables and arguments"});
        CAPABILITIES.put(
                "wasi:cli", new String[] {"cli", "uses standard input and output, the terminal or an exit code"});
        CAPABILITIES.put("wasi:io", new String[] {"io", "uses streams and polling, with the capabilities above"});
    }

    private final PackageLog packageLog;
    private final PackageStateViews views;
    private final ReleaseCapabilities capabilities;
    private final ComponentSummaries summaries;
    private final PackageCatalog catalog;
    private final LogEntries logEntries;
    private final MarkdownRenderer markdown;
    private final WitHighlighter highlighter;
    private final HtmlResponses html;
    private final WebProperties properties;
    private final SearchService search;

    /** Built pages by package, version, log head and address; bounded, least recently used out. */
    private final Map<String, PackagePage> built = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PackagePage> eldest) {
            return size() > MAX_BUILT_PAGES;
        }
    };

    static final int MAX_BUILT_PAGES = 512;

    /** Dependents a package page lists; the API pages through all of them. */
    static final int MAX_DEPENDENTS_SHOWN = 50;

    public PackagePages(
            PackageLog packageLog,
            PackageStateViews views,
            ReleaseCapabilities capabilities,
            ComponentSummaries summaries,
            PackageCatalog catalog,
            LogEntries logEntries,
            MarkdownRenderer markdown,
            WitHighlighter highlighter,
            HtmlResponses html,
            WebProperties properties,
            SearchService search) {
        this.search = search;
        this.packageLog = packageLog;
        this.views = views;
        this.capabilities = capabilities;
        this.summaries = summaries;
        this.catalog = catalog;
        this.logEntries = logEntries;
        this.markdown = markdown;
        this.highlighter = highlighter;
        this.html = html;
        this.properties = properties;
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
        ComponentSummary summary = summaries.summary(release.content(), release.size());
        if (summary.wit() == null) {
            throw new PageNotFoundException(
                    "The registry cannot print this release's WIT: " + summary.problem(), List.of());
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(1)).cachePublic())
                .body(summary.wit());
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
        String key = pkg + "@" + (versionText == null ? "" : versionText) + "#" + freshness + "|" + base;
        PackagePage page;
        synchronized (built) {
            page = built.get(key);
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
            page = build(request, state, release, latest, base);
            if (page.details().logIndex() != null) {
                synchronized (built) {
                    built.put(key, page);
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
                "package " + key,
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

    private PackagePage build(
            HttpServletRequest request, PackageState state, ReleaseInfo release, boolean latest, String base) {
        PackageName name = state.name();
        ComponentSummary summary = summaries.summary(release.content(), release.size());
        String versionUrl = Urls.release(name, release.version());

        PackagePage.Wit wit = null;
        Map<String, String> anchors = Map.of();
        Map<String, String> definitions = Map.of();
        if (summary.wit() != null) {
            String text = summary.wit();
            boolean truncated = text.length() > properties.maxWitChars();
            String shown = truncated ? cutAtLine(text, properties.maxWitChars()) : text;
            WitHighlighter.Highlighted highlighted = highlighter.highlight(shown, Urls::interfaceOf);
            anchors = highlighted.anchors();
            definitions = highlighted.definitions();
            wit = new PackagePage.Wit(highlighted.html(), truncated, versionUrl + "/wit", text.length());
        }

        Optional<SignedRecord> record =
                packageLog.signedRecord(release.recordId().toString());
        Long logIndex = logEntries.indexOf(release.recordId().toString()).orElse(null);
        String file = name.name() + ".wasm";

        return new PackagePage(
                html.layout(request, name + " " + release.version()),
                name.toString(),
                name.namespace(),
                "/namespaces/" + name.namespace(),
                release.version().toString(),
                latest,
                markdown.block(summary.description()),
                banner(release),
                List.of(
                        new PackagePage.Snippet(
                                "install-wreg",
                                "With wreg (verifies signatures, log inclusion and digest)",
                                "wreg fetch " + name + "@=" + release.version() + " -o " + file),
                        new PackagePage.Snippet(
                                "install-wkg",
                                "With wkg, over the registry's OCI API (checks the layer digest)",
                                "wkg get --registry " + authority(base) + " " + name + "@" + release.version()
                                        + " --output " + file),
                        new PackagePage.Snippet(
                                "install-curl",
                                "The bytes with curl (check the digest yourself)",
                                "curl -fLo " + file + " " + base + "/v1/blobs/" + release.content())),
                wit,
                worldItems(summary.imports(), summary.world(), anchors, definitions),
                worldItems(summary.exports(), summary.world(), anchors, definitions),
                capabilities(capabilities.of(name).get(release.version().toString())),
                semver(state, release),
                versions(state, release),
                new PackagePage.Details(
                        Sizes.bytes(release.size()),
                        release.size(),
                        release.content().toString(),
                        "/v1/blobs/" + release.content(),
                        record.map(r -> r.envelope().signerKeyIds().stream()
                                        .map(k -> k.value())
                                        .toList())
                                .orElse(List.of()),
                        Timestamp.of(release.time()),
                        release.recordId().toString(),
                        logIndex,
                        logIndex == null ? null : "/log-explorer/entries/" + logIndex),
                provenance(record, release),
                null);
    }

    private PackagePage.Banner banner(ReleaseInfo release) {
        if (!release.yanked() && release.deprecated() == null) {
            return null;
        }
        return new PackagePage.Banner(
                release.yanked(),
                release.yanked() ? markdown.inline(release.yankReason()) : null,
                release.deprecated() == null ? null : markdown.inline(release.deprecated()));
    }

    private static List<PackagePage.WorldItem> worldItems(
            List<ComponentSummaries.WorldEntry> entries,
            String world,
            Map<String, String> anchors,
            Map<String, String> definitions) {
        List<PackagePage.WorldItem> items = new ArrayList<>();
        for (ComponentSummaries.WorldEntry entry : entries) {
            String kind = entry.kind().name().toLowerCase(Locale.ROOT);
            if (entry.kind() == ComponentSummaries.Kind.INTERFACE
                    && entry.name().contains("/")) {
                items.add(new PackagePage.WorldItem(
                        entry.name(), kind, Urls.interfaceOf(entry.name()), definitions.get(entry.name())));
            } else {
                String anchor = world == null ? null : world + "." + entry.name();
                items.add(new PackagePage.WorldItem(
                        entry.name(), kind, null, anchor != null && anchors.containsKey(anchor) ? anchor : null));
            }
        }
        return items;
    }

    static List<PackagePage.Capability> capabilities(List<String> interfaces) {
        if (interfaces == null) {
            return null;
        }
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (String iface : interfaces) {
            String unversioned = iface.contains("@") ? iface.substring(0, iface.indexOf('@')) : iface;
            String group = CAPABILITIES.keySet().stream()
                    .filter(prefix -> unversioned.equals(prefix) || unversioned.startsWith(prefix + "/"))
                    .findFirst()
                    .orElse("other");
            grouped.computeIfAbsent(group, g -> new ArrayList<>()).add(iface);
        }
        List<PackagePage.Capability> out = new ArrayList<>();
        for (Map.Entry<String, String[]> known : CAPABILITIES.entrySet()) {
            List<String> members = grouped.get(known.getKey());
            if (members != null) {
                out.add(new PackagePage.Capability(known.getValue()[0], known.getValue()[1], members));
            }
        }
        if (grouped.containsKey("other")) {
            out.add(new PackagePage.Capability("other", "other WASI interfaces", grouped.get("other")));
        }
        return out;
    }

    private PackagePage.Semver semver(PackageState state, ReleaseInfo release) {
        if (release.version().isPrerelease()) {
            return null;
        }
        Optional<ReleaseInfo> previous = state.releases().stream()
                .filter(r -> !r.yanked()
                        && !r.version().isPrerelease()
                        && r.version().compareTo(release.version()) < 0)
                .max(Comparator.comparing(ReleaseInfo::version));
        if (previous.isEmpty()) {
            return null;
        }
        SemverReport report;
        try {
            report = summaries.compare(previous.get(), release);
        } catch (RuntimeException unreadable) {
            return null;
        }
        return new PackagePage.Semver(
                previous.get().version().toString(),
                Urls.release(state.name(), previous.get().version()),
                bump(report.required()),
                bump(report.actual()),
                report.changes().stream()
                        .map(c -> new PackagePage.Change(
                                bump(c.impact()),
                                c.direction().name().toLowerCase(Locale.ROOT) + " " + c.item() + " "
                                        + c.kind().name().toLowerCase(Locale.ROOT)
                                        + (c.detail() == null ? "" : " (" + c.detail() + ")")))
                        .toList());
    }

    private static String bump(dev.wreg.validator.semver.Change.Impact impact) {
        return impact == null ? "unknown" : impact.name().toLowerCase(Locale.ROOT);
    }

    private List<PackagePage.VersionRow> versions(PackageState state, ReleaseInfo current) {
        return state.releases().stream()
                .sorted(Comparator.comparing(ReleaseInfo::version).reversed())
                .map(r -> new PackagePage.VersionRow(
                        r.version().toString(),
                        Urls.release(state.name(), r.version()),
                        Timestamp.of(r.time()),
                        Sizes.bytes(r.size()),
                        r.yanked(),
                        r.yanked() ? markdown.inline(r.yankReason()) : null,
                        r.deprecated() == null ? null : markdown.inline(r.deprecated()),
                        r.version().equals(current.version())))
                .toList();
    }

    private static PackagePage.Provenance provenance(Optional<SignedRecord> record, ReleaseInfo release) {
        if (record.isEmpty()) {
            return null;
        }
        for (Entry entry : record.get().record().entries()) {
            if (entry instanceof Entry.Release r && r.version().equals(release.version()) && r.composition() != null) {
                Composition c = r.composition();
                return new PackagePage.Provenance(
                        c.method(),
                        c.transitive(),
                        c.plan() == null ? null : c.plan().toString(),
                        c.inputs().stream()
                                .map(in -> new PackagePage.Input(
                                        in.role(),
                                        in.pkg() == null ? null : in.pkg() + "@" + in.version(),
                                        in.pkg() == null ? null : Urls.release(in.pkg(), in.version()),
                                        in.content().toString()))
                                .toList());
            }
        }
        return null;
    }

    private static String cutAtLine(String text, int max) {
        int newline = text.lastIndexOf('\n', max);
        return text.substring(0, newline > max / 2 ? newline + 1 : max);
    }

    /** The host and port wkg names a registry by (it reads the rest from the registry's discovery document). */
    static String authority(String base) {
        return base.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
    }

    static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
