package dev.wreg.cli.deps;

import dev.wreg.cli.CliException;
import dev.wreg.engine.wit.component.ComponentInterfaces.Direction;
import dev.wreg.engine.wit.component.ComponentInterfaces.InterfaceUse;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.InterfaceParty;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Resolves a manifest's dependencies to one release each and builds the lock.
 *
 * <ol>
 *   <li>Package dependencies: the release {@code wreg.lock} pins when it still meets the
 *       requirement (even if yanked since, with a warning, as cargo does), else the newest release
 *       that matches and is not yanked.
 *   <li>Interface dependencies: the provider the lock pins, else a release already chosen that
 *       exports the interface at a matching version, else the one package the registry's index
 *       names as a provider; several packages are an error listing them, settled by naming one in
 *       the manifest. The chosen component is read to confirm the export.
 *   <li>Then every import of every chosen component that the host does not provide must be
 *       satisfied by another chosen component (same interface, same semver track, a version no
 *       older), or a provider is resolved for it as in 2, until nothing is missing. Components
 *       importing from each other in a circle are refused: they cannot be composed.
 * </ol>
 *
 * Entries of the old lock that no dependency uses any more are dropped; {@code --update} ignores
 * the lock for all packages or for the ones named.
 */
public final class DependencyResolver {

    /** The outcome: the new lock and the releases it pins (each checked by the source). */
    public record Resolution(LockFile lock, List<ResolvedRelease> releases) {}

    /** Which lock entries may be kept: all (empty set, false), none (true), all but some. */
    public record Update(boolean all, Set<PackageName> packages) {
        public static final Update NONE = new Update(false, Set.of());

        boolean covers(PackageName name) {
            return all || packages.contains(name);
        }
    }

    private record Pin(ResolvedRelease release, String requirement, String provides, String registry) {}

    private final Manifest manifest;
    private final LockFile old;
    private final Update update;
    private final ReleaseSource source;
    private final String registry;

    private final Map<String, Pin> pins = new LinkedHashMap<>();
    private final Map<String, ResolvedRelease> components = new TreeMap<>();
    private final Map<PackageName, Set<PackageName>> edges = new TreeMap<>(Comparator.comparing(Object::toString));

    /**
     * @param registry the registry releases come from; null when none is asked ({@code --offline}):
     *     then lock entries are kept whatever registry they name
     */
    public DependencyResolver(Manifest manifest, LockFile old, Update update, ReleaseSource source, String registry) {
        this.manifest = manifest;
        this.old = old;
        this.update = update;
        this.source = source;
        this.registry = registry;
    }

    public Resolution resolve() {
        source.readAhead(likely());
        for (Manifest.Dependency dependency : manifest.dependencies()) {
            if (dependency instanceof Manifest.PackageDependency d) {
                pinPackage(d);
            }
        }
        for (Manifest.Dependency dependency : manifest.dependencies()) {
            if (dependency instanceof Manifest.InterfaceDependency d) {
                pinInterface(
                        d.iface().id(),
                        d.requirement(),
                        d.requirementText(),
                        d.provider(),
                        null,
                        "wreg.toml requires " + d.iface().id() + " " + d.requirementText());
            }
        }
        resolveImports();
        refuseCycles();
        return new Resolution(lock(), List.copyOf(components.values()));
    }

    /**
     * What resolution will probably ask the source for: every package dependency (at the version
     * the lock keeps, or the newest match), every provider the manifest names, and every release
     * the lock pins that may be kept. Imports found only in components read later are not here.
     */
    private List<ReleaseSource.Likely> likely() {
        List<ReleaseSource.Likely> likely = new ArrayList<>();
        for (Manifest.Dependency dependency : manifest.dependencies()) {
            if (dependency instanceof Manifest.PackageDependency d) {
                Version kept = old.forPackage(d.name(), d.requirementText())
                        .filter(this::reusable)
                        .map(e -> e.locked().version())
                        .filter(v -> d.requirement().matches(v))
                        .orElse(null);
                likely.add(new ReleaseSource.Likely(d.name(), kept == null ? d.requirement() : null, kept));
            } else if (dependency instanceof Manifest.InterfaceDependency d && d.provider() != null) {
                likely.add(new ReleaseSource.Likely(d.provider(), null, null));
            }
        }
        for (LockFile.Entry entry : old.entries()) {
            if (reusable(entry)) {
                likely.add(new ReleaseSource.Likely(
                        entry.name(), null, entry.locked().version()));
            }
        }
        return likely;
    }

    private boolean reusable(LockFile.Entry entry) {
        return !update.covers(entry.name())
                && (registry == null || entry.registry().equals(registry));
    }

    private void pinPackage(Manifest.PackageDependency d) {
        Optional<LockFile.Entry> locked = old.forPackage(d.name(), d.requirementText())
                .filter(this::reusable)
                .filter(e -> d.requirement().matches(e.locked().version()));
        ResolvedRelease release = locked.isPresent()
                ? releaseOf(
                        d.name(), locked.get().locked().version(), locked.get().locked())
                : releaseOf(
                        d.name(),
                        source.best(
                                d.name(),
                                d.requirement(),
                                "wreg.toml requires " + d.name() + " " + d.requirementText()),
                        null);
        pins.put(
                "package " + d.name() + " " + d.requirementText(),
                new Pin(release, d.requirementText(), null, registryOf(locked)));
    }

    /** The release, checked once per command; every lock entry naming it must agree with it. */
    private ResolvedRelease releaseOf(PackageName name, Version version, LockFile.LockedVersion locked) {
        String label = name + "@" + version;
        ResolvedRelease known = components.get(label);
        if (known == null) {
            known = source.release(name, version, locked);
            components.put(label, known);
        } else if (locked != null
                && (!known.digest().equals(locked.digest())
                        || known.size() != locked.size()
                        || known.logIndex() != locked.logIndex())) {
            throw CliException.integrity("wreg.lock pins " + label + " to " + locked.digest() + " at log index "
                    + locked.logIndex() + ", but its signed release is " + known.digest() + " at log index "
                    + known.logIndex());
        }
        return known;
    }

    /**
     * Pins a provider of {@code iface} at a version matching {@code requirement}.
     *
     * @param provider the package the manifest names as the provider, or null
     * @param importer the package whose import this resolves (never its own provider), or null
     */
    private ResolvedRelease pinInterface(
            String iface,
            VersionReq requirement,
            String requirementText,
            PackageName provider,
            PackageName importer,
            String why) {
        String key = "interface " + iface + " " + requirementText;
        Pin pinned = pins.get(key);
        if (pinned != null
                && (provider == null || pinned.release().name().equals(provider))
                && !pinned.release().name().equals(importer)) {
            return pinned.release();
        }
        Optional<LockFile.Entry> locked = old.forInterface(iface, requirementText)
                .filter(this::reusable)
                .filter(e -> provider == null || e.name().equals(provider))
                .filter(e -> !e.name().equals(importer));
        ResolvedRelease release;
        String from = registryOf(locked);
        if (locked.isPresent()) {
            release = releaseOf(
                    locked.get().name(),
                    locked.get().locked().version(),
                    locked.get().locked());
            if (!exports(release, iface, requirement)) {
                throw CliException.integrity("wreg.lock pins " + release.label() + " as the provider of " + iface + " "
                        + requirementText + ", but its component does not export it");
            }
        } else {
            release = components.values().stream()
                    .filter(c -> provider == null || c.name().equals(provider))
                    .filter(c -> !c.name().equals(importer))
                    .filter(c -> exports(c, iface, requirement))
                    .findFirst()
                    .orElseGet(() -> chooseProvider(iface, requirement, requirementText, provider, importer, why));
        }
        pins.put(key, new Pin(release, requirementText, iface, from));
        return release;
    }

    /**
     * The package wreg.toml names as the provider of an interface, if it names one: imports of
     * that interface come from it alone, never from another package the registry happens to have.
     */
    private PackageName namedProvider(String iface) {
        for (Manifest.Dependency dependency : manifest.dependencies()) {
            if (dependency instanceof Manifest.InterfaceDependency d
                    && d.iface().id().equals(iface)) {
                return d.provider();
            }
        }
        return null;
    }

    private ResolvedRelease chooseProvider(
            String iface,
            VersionReq requirement,
            String requirementText,
            PackageName provider,
            PackageName importer,
            String why) {
        List<InterfaceParty> all = source.providers(InterfaceName.parse(iface), why);
        List<InterfaceParty> candidates = all.stream()
                .filter(p -> !p.yanked())
                .filter(p -> matches(requirement, p.interfaceVersion()))
                .filter(p -> provider == null || p.pkg().equals(provider.toString()))
                .filter(p -> importer == null || !p.pkg().equals(importer.toString()))
                .toList();
        if (candidates.isEmpty()) {
            String provided = all.stream()
                    .filter(p -> provider == null || p.pkg().equals(provider.toString()))
                    .map(p -> p.pkg() + " " + p.version() + " (" + iface
                            + (p.interfaceVersion() == null ? "" : "@" + p.interfaceVersion())
                            + (p.yanked() ? ", yanked" : "") + ")")
                    .distinct()
                    .limit(5)
                    .collect(Collectors.joining(", "));
            throw CliException.notFound(
                    (provider == null ? "no release provides " : provider + " has no release providing ")
                            + iface + " " + requirementText + " (" + why + ")"
                            + (provided.isEmpty() ? "" : "; what the registry has: " + provided));
        }
        Map<String, List<InterfaceParty>> byPackage = new TreeMap<>();
        for (InterfaceParty p : candidates) {
            byPackage.computeIfAbsent(p.pkg(), k -> new ArrayList<>()).add(p);
        }
        if (byPackage.size() > 1) {
            String listed = byPackage.entrySet().stream()
                    .map(e -> e.getKey() + " " + newest(e.getValue()))
                    .collect(Collectors.joining(", "));
            throw CliException.usage(iface + " " + requirementText + " (" + why + ") is provided by "
                    + byPackage.size() + " packages: " + listed + "; name the one to use in wreg.toml: \"" + iface
                    + "\" = { version = \"" + requirementText + "\", package = \""
                    + byPackage.keySet().iterator().next()
                    + "\" }");
        }
        Map.Entry<String, List<InterfaceParty>> only =
                byPackage.entrySet().iterator().next();
        PackageName name = PackageName.parse(only.getKey());
        ResolvedRelease release = releaseOf(name, newest(only.getValue()), null);
        if (!exports(release, iface, requirement)) {
            throw CliException.integrity("the registry's index says " + release.label() + " exports " + iface + " "
                    + requirementText + ", but its component does not");
        }
        return release;
    }

    private static Version newest(List<InterfaceParty> parties) {
        return parties.stream()
                .map(p -> Version.parse(p.version()))
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** Whether an interface version (null: unversioned) meets a requirement; unversioned meets only {@code *}. */
    static boolean matches(VersionReq requirement, String interfaceVersion) {
        if (interfaceVersion == null) {
            return requirement.comparators().isEmpty();
        }
        try {
            return requirement.matches(Version.parse(interfaceVersion));
        } catch (ProtocolException e) {
            return false;
        }
    }

    private static boolean exports(ResolvedRelease release, String iface, VersionReq requirement) {
        return release.interfaces() != null
                && release.interfaces().uses().stream()
                        .anyMatch(u -> u.direction() == Direction.EXPORT
                                && u.id().equals(iface)
                                && matches(requirement, u.version()));
    }

    /** Whether {@code export} satisfies {@code wanted}: same interface and track, a version no older. */
    static boolean satisfies(InterfaceUse export, InterfaceUse wanted) {
        if (export.direction() != Direction.EXPORT || !export.id().equals(wanted.id())) {
            return false;
        }
        if (export.version() == null || wanted.version() == null) {
            return export.version() == null && wanted.version() == null;
        }
        try {
            Version have = Version.parse(export.version());
            Version want = Version.parse(wanted.version());
            return have.track().equals(want.track()) && have.compareTo(want) >= 0;
        } catch (ProtocolException e) {
            return export.version().equals(wanted.version());
        }
    }

    private void resolveImports() {
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ResolvedRelease importer : List.copyOf(components.values())) {
                if (importer.interfaces() == null) {
                    continue;
                }
                List<InterfaceUse> imports = importer.interfaces().uses().stream()
                        .filter(u -> u.direction() == Direction.IMPORT)
                        .sorted(Comparator.comparing(InterfaceUse::qualified))
                        .toList();
                for (InterfaceUse wanted : imports) {
                    if (manifest.hostProvides(wanted.id())) {
                        continue;
                    }
                    Optional<ResolvedRelease> present = components.values().stream()
                            .filter(c -> !c.name().equals(importer.name()))
                            .filter(c -> c.interfaces() != null
                                    && c.interfaces().uses().stream().anyMatch(e -> satisfies(e, wanted)))
                            .findFirst();
                    ResolvedRelease provider;
                    if (present.isPresent()) {
                        provider = present.get();
                    } else {
                        String requirement = wanted.version() == null ? "*" : "^" + wanted.version();
                        int before = components.size();
                        provider = pinInterface(
                                wanted.id(),
                                VersionReq.parse(requirement),
                                requirement,
                                namedProvider(wanted.id()),
                                importer.name(),
                                importer.label() + " imports " + wanted.qualified());
                        grew |= components.size() > before;
                    }
                    edges.computeIfAbsent(importer.name(), k -> new LinkedHashSet<>())
                            .add(provider.name());
                }
            }
        }
    }

    /** Components that import from each other in a circle can never be composed. */
    private void refuseCycles() {
        Set<PackageName> done = new LinkedHashSet<>();
        for (PackageName start : edges.keySet()) {
            List<PackageName> path = new ArrayList<>();
            findCycle(start, path, done);
        }
    }

    private void findCycle(PackageName node, List<PackageName> path, Set<PackageName> done) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<PackageName> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            throw CliException.usage("cyclic dependency: "
                    + cycle.stream().map(PackageName::toString).collect(Collectors.joining(" → "))
                    + " (each imports what the next one exports, so they cannot be composed)");
        }
        if (done.contains(node)) {
            return;
        }
        path.add(node);
        for (PackageName next : edges.getOrDefault(node, Set.of())) {
            findCycle(next, path, done);
        }
        path.removeLast();
        done.add(node);
    }

    /**
     * The checkpoint size the old lock recorded when it pinned this very release for the same
     * requirement: re-resolving to the same release (say with --update) then leaves the entry as
     * it was, since the record is proven in that checkpoint as much as in the newer one.
     */
    private Optional<Long> sameAsBefore(ResolvedRelease r, Pin pin) {
        return old.entries().stream()
                .filter(e -> e.name().equals(r.name()))
                .map(LockFile.Entry::locked)
                .filter(v -> v.requirement().equals(pin.requirement())
                        && java.util.Objects.equals(v.provides(), pin.provides())
                        && v.version().equals(r.version())
                        && v.digest().equals(r.digest())
                        && v.logIndex() == r.logIndex())
                .map(LockFile.LockedVersion::checkpointSize)
                .findFirst();
    }

    /** The registry a pin records: the one asked, else (offline) the one the lock named. */
    private String registryOf(Optional<LockFile.Entry> locked) {
        return registry != null
                ? registry
                : locked.map(LockFile.Entry::registry).orElse("");
    }

    private LockFile lock() {
        Map<PackageName, List<LockFile.LockedVersion>> byPackage =
                new TreeMap<>(Comparator.comparing(Object::toString));
        Map<PackageName, String> registries = new LinkedHashMap<>();
        for (Pin pin : pins.values()) {
            ResolvedRelease r = pin.release();
            registries.putIfAbsent(r.name(), pin.registry());
            LockFile.LockedVersion locked = new LockFile.LockedVersion(
                    pin.requirement(),
                    pin.provides(),
                    r.version(),
                    r.digest(),
                    r.size(),
                    r.logIndex(),
                    sameAsBefore(r, pin).orElse(r.checkpointSize()));
            List<LockFile.LockedVersion> versions = byPackage.computeIfAbsent(r.name(), k -> new ArrayList<>());
            if (!versions.contains(locked)) {
                versions.add(locked);
            }
        }
        List<LockFile.LockedPackage> packages = new ArrayList<>();
        byPackage.forEach(
                (name, versions) -> packages.add(new LockFile.LockedPackage(name, registries.get(name), versions)));
        return new LockFile(packages);
    }
}
