package dev.wreg.server.web;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Composition;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.record.SignedRecord;
import dev.wreg.server.log.LogEntries;
import dev.wreg.server.packages.ComponentSummaries;
import dev.wreg.server.packages.ComponentSummaries.ComponentSummary;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.packages.ReleaseCapabilities;
import dev.wreg.validator.semver.SemverReport;
import dev.wreg.webui.html.MarkdownRenderer;
import dev.wreg.webui.html.WitHighlighter;
import dev.wreg.webui.view.Layout;
import dev.wreg.webui.view.PackagePage;
import dev.wreg.webui.view.Sizes;
import dev.wreg.webui.view.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Builds a release's package page from the package's state and the release's content: everything
 * on it but who is signed in and the release's dependents, so that one page serves every visitor
 * until the package's log changes.
 */
@Component
public record PackagePageAssembler(
        PackageLog packageLog,
        ReleaseCapabilities capabilities,
        ComponentSummaries summaries,
        LogEntries logEntries,
        MarkdownRenderer markdown,
        WitHighlighter highlighter,
        WebProperties properties) {

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

    /**
     * The page of {@code release}, framed by {@code layout}.
     *
     * @param latest whether it is the package's latest release
     * @param base the address the registry is served at, which the install commands name
     */
    public PackagePage page(Layout layout, PackageState state, ReleaseInfo release, boolean latest, String base) {
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
                layout,
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
                capabilities(capabilities.of(state).get(release.version().toString())),
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

    /** The whole WIT of {@code release}, which its page links to (the page may show only its start). */
    public String wit(ReleaseInfo release) {
        ComponentSummary summary = summaries.summary(release.content(), release.size());
        if (summary.wit() == null) {
            throw new PageNotFoundException(
                    "The registry cannot print this release's WIT: " + summary.problem(), List.of());
        }
        return summary.wit();
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
}
