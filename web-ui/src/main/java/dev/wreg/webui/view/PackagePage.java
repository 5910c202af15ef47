package dev.wreg.webui.view;

import dev.wreg.webui.html.TrustedHtml;
import java.util.List;

/**
 * A package at one version (the latest, or the one in the URL).
 *
 * @param description the publisher's description, as sanitized Markdown (may be empty)
 * @param latest whether this is the package's latest release
 * @param snippets install commands, each with a copy button
 * @param wit the release's WIT, highlighted; null when it could not be read
 * @param capabilities the WASI capabilities it needs; null when the registry has no summary
 * @param semver the WIT changes against the previous release; null for a first release
 * @param provenance what a composed release was composed from; null for others
 * @param dependents releases whose imports this release's exports satisfy; null when the interface
 *     index does not hold the release (yet)
 */
public record PackagePage(
        Layout layout,
        String pkg,
        String namespace,
        String namespaceUrl,
        String version,
        boolean latest,
        TrustedHtml description,
        Banner banner,
        List<Snippet> snippets,
        Wit wit,
        List<WorldItem> imports,
        List<WorldItem> exports,
        List<Capability> capabilities,
        Semver semver,
        List<VersionRow> versions,
        Details details,
        Provenance provenance,
        Dependents dependents)
        implements Page {

    @Override
    public String template() {
        return "package.jte";
    }

    /**
     * The same release's page for one visit: its visitor's layout and the dependents as they are
     * now. The rest depends only on the release, so it is built once and completed per visit.
     */
    public PackagePage forVisit(Layout visitorLayout, Dependents currentDependents) {
        return new PackagePage(
                visitorLayout,
                pkg,
                namespace,
                namespaceUrl,
                version,
                latest,
                description,
                banner,
                snippets,
                wit,
                imports,
                exports,
                capabilities,
                semver,
                versions,
                details,
                provenance,
                currentDependents);
    }

    /** A yanked or deprecated release's warning, with the publisher's reason. */
    public record Banner(boolean yanked, TrustedHtml yankReason, TrustedHtml deprecation) {}

    /** An install command; {@code id} names its {@code <pre>} for the copy button. */
    public record Snippet(String id, String label, String command) {}

    /**
     * The release's WIT.
     *
     * @param html highlighted, possibly cut short
     * @param truncated whether only the beginning is shown
     * @param rawUrl the whole text as text/plain
     * @param chars the whole text's length
     */
    public record Wit(TrustedHtml html, boolean truncated, String rawUrl, long chars) {}

    /**
     * An import or export of the component's world.
     *
     * @param name as the world names it ({@code wasi:cli/run@0.2.3} or {@code run})
     * @param kind interface, function or type
     * @param url the interface's page, or null
     * @param anchor the item's anchor in the WIT on this page, or null
     */
    public record WorldItem(String name, String kind, String url, String anchor) {}

    /** A WASI capability the component asks for, and the interfaces that ask for it. */
    public record Capability(String name, String summary, List<String> interfaces) {}

    /**
     * @param previous the release compared against
     * @param required the bump the changes need (major, minor, patch, none)
     * @param actual the bump that was made
     */
    public record Semver(String previous, String previousUrl, String required, String actual, List<Change> changes) {}

    /** One WIT change and its impact (breaking, compatible, …). */
    public record Change(String impact, String description) {}

    public record VersionRow(
            String version,
            String url,
            Timestamp published,
            String size,
            boolean yanked,
            TrustedHtml yankReason,
            TrustedHtml deprecation,
            boolean current) {}

    /**
     * @param logIndex the release record's index in the transparency log; null until sequenced
     * @param logEntryUrl the log explorer's page for it, with its inclusion proof
     */
    public record Details(
            String size,
            long bytes,
            String digest,
            String blobUrl,
            List<String> signers,
            Timestamp published,
            String recordId,
            Long logIndex,
            String logEntryUrl) {}

    /**
     * @param method plug or plan
     * @param plan the plan's digest (method plan only)
     */
    public record Provenance(String method, boolean transitive, String plan, List<Input> inputs) {}

    /** A composition input: a registry release (linked) or raw bytes named by digest. */
    public record Input(String role, String release, String url, String digest) {}

    /**
     * The releases that import what this release exports.
     *
     * @param shown the first of them, by package name
     * @param total how many there are in all
     * @param exports this release's exports they were matched against
     * @param apiUrl all of them, paged, from the JSON API
     */
    public record Dependents(List<Dependent> shown, long total, List<String> exports, String apiUrl) {

        public Dependents {
            shown = List.copyOf(shown);
            exports = List.copyOf(exports);
        }
    }

    /** A release that imports what this package exports. */
    public record Dependent(String release, String url, List<String> interfaces) {}
}
