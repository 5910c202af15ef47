package dev.wreg.server.search;

import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.wit.component.ComponentInterfaces;
import dev.wreg.engine.wit.component.ComponentInterfaces.InterfaceUse;
import dev.wreg.engine.wit.component.WitDecodeException;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.version.Version;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the interface index (tables {@code release_search}, {@code release_interfaces},
 * {@code interface_texts}): one call from the publish transaction ({@link #update}) and one per
 * release from the {@link IndexBackfill}. Rows are only ever added for a release once
 * ({@code ON CONFLICT DO NOTHING}), so running either twice changes nothing; the {@code current}
 * mark moves with every record of the package, since a yank or a new release changes which
 * release a package is searched by.
 */
@Component
public class InterfaceIndex {

    private static final Logger log = LoggerFactory.getLogger(InterfaceIndex.class);

    private final JdbcTemplate jdbc;

    public InterfaceIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What the index keeps of a release's state: yanked, deprecated (message or null). */
    public record ReleaseStatus(Version version, boolean yanked, String deprecated) {}

    /**
     * The publish hook: indexes the releases the record added ({@code read}: version text → what
     * the content check read from the component, absent when it could not be read) and moves the
     * package's {@code current} mark to match {@code state}. Runs in the caller's transaction, which
     * holds the package row's lock. Releases accepted before the index existed are left to the
     * backfill, so a publish never reads old blobs. Only the rows of releases whose status or
     * {@code current} mark differs between {@code before} (what the index holds now) and {@code
     * state} are written, so a record costs the same however many releases the package has.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void update(
            long packageId,
            PackageName name,
            PackageState before,
            PackageState state,
            Map<String, Optional<ComponentInterfaces>> read) {
        if (!read.isEmpty()) {
            Map<String, Long> ids = releaseIds(packageId, read.keySet());
            for (Map.Entry<String, Optional<ComponentInterfaces>> release : read.entrySet()) {
                Long id = ids.get(release.getKey());
                if (id != null) {
                    insert(id, packageId, name, Version.parse(release.getKey()), release.getValue());
                }
            }
        }
        List<ReleaseStatus> now = statuses(state);
        Optional<Version> current = chooseCurrent(now);
        Optional<Version> wasCurrent = chooseCurrent(statuses(before));
        List<ReleaseStatus> touched = now.stream()
                .filter(release -> current.equals(Optional.of(release.version()))
                        || wasCurrent.equals(Optional.of(release.version()))
                        || !before.release(release.version())
                                .map(earlier -> earlier.yanked() == release.yanked()
                                        && Objects.equals(earlier.deprecated(), release.deprecated()))
                                .orElse(false))
                .toList();
        writeStatus(packageId, touched, current);
    }

    private static List<ReleaseStatus> statuses(PackageState state) {
        return state.releases().stream()
                .map(r -> new ReleaseStatus(r.version(), r.yanked(), r.deprecated()))
                .toList();
    }

    /**
     * Reads a component's interfaces for the index; empty (and a warning) when its WIT cannot be
     * read, which must not stop a release the validator accepted.
     */
    public static Optional<ComponentInterfaces> read(String what, byte[] bytes) {
        try {
            return Optional.of(ComponentInterfaces.of(bytes));
        } catch (ComponentFormatException | WitDecodeException | IllegalArgumentException | IllegalStateException e) {
            log.warn("{}: indexed without interfaces, its WIT cannot be read: {}", what, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Adds the rows of one release unless it has them already; true when it added them. An empty
     * {@code interfaces} indexes the release by name only, marked unreadable. For the publish hook,
     * the backfill and bulk loaders (bench/SearchBench.java), in the caller's transaction.
     */
    public boolean insert(
            long releaseId,
            long packageId,
            PackageName name,
            Version version,
            Optional<ComponentInterfaces> interfaces) {
        List<InterfaceUse> uses = interfaces.map(ComponentInterfaces::uses).orElse(List.of());
        Set<String> interfaceNames = new LinkedHashSet<>();
        Set<String> functionNames = new LinkedHashSet<>();
        for (InterfaceUse use : uses) {
            interfaceNames.add(use.id());
            functionNames.addAll(use.functions());
        }
        int added = jdbc.update(
                "INSERT INTO release_search (release_id, package_id, package, namespace, version,"
                        + " v_major, v_minor, v_patch, v_release, description, interface_names, function_names,"
                        + " readable) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (release_id) DO NOTHING",
                releaseId,
                packageId,
                name.toString(),
                name.namespace(),
                version.toString(),
                version.major(),
                version.minor(),
                version.patch(),
                !version.isPrerelease(),
                interfaces.map(ComponentInterfaces::description).orElse(null),
                String.join(" ", interfaceNames),
                String.join(" ", functionNames),
                interfaces.isPresent());
        if (added == 0) {
            return false;
        }
        List<Object[]> rows = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        for (InterfaceUse use : uses) {
            Version iv = interfaceVersion(use);
            String track = iv == null ? "" : iv.track();
            if (!keys.add(use.direction() + " " + use.id() + " " + track)) {
                continue; // two versions of one interface on one track: the first one stands
            }
            String digest =
                    Digest.sha256(use.wit().getBytes(StandardCharsets.UTF_8)).toString();
            jdbc.update(
                    "INSERT INTO interface_texts (digest, wit) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING",
                    digest,
                    use.wit());
            rows.add(new Object[] {
                releaseId,
                packageId,
                name.toString(),
                version.major(),
                version.minor(),
                version.patch(),
                !version.isPrerelease(),
                use.direction().wireName(),
                use.id(),
                iv == null ? null : use.version(),
                track,
                iv == null ? 0 : iv.major(),
                iv == null ? 0 : iv.minor(),
                iv == null ? 0 : iv.patch(),
                String.join(" ", use.functions()),
                digest
            });
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO release_interfaces (release_id, package_id, package, r_major, r_minor, r_patch,"
                            + " r_release, direction, interface, version, track, i_major, i_minor, i_patch, functions,"
                            + " wit_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows);
        }
        return true;
    }

    /** The interface's version, or null when it has none (or one that is not SemVer). */
    private static Version interfaceVersion(InterfaceUse use) {
        if (use.version() == null) {
            return null;
        }
        try {
            return Version.parse(use.version());
        } catch (ProtocolException e) {
            return null;
        }
    }

    /**
     * Brings the package's rows in step with its releases: each row's {@code yanked} and
     * {@code deprecated}, and the {@code current} mark on the release the package is searched by
     * (its newest release that is not yanked, preferring a release to a prerelease as {@link
     * PackageState#latest()} does, else its newest release). Only rows that differ are written.
     */
    public void syncStatus(long packageId, List<ReleaseStatus> releases) {
        writeStatus(packageId, releases, chooseCurrent(releases));
    }

    /**
     * Writes the status of {@code releases} and marks {@code current} among them; rows of other
     * releases of the package are not touched.
     */
    private void writeStatus(long packageId, List<ReleaseStatus> releases, Optional<Version> chosen) {
        if (releases.isEmpty()) {
            return;
        }
        String current = chosen.map(Version::toString).orElse("");
        StringBuilder values = new StringBuilder();
        List<Object> args = new ArrayList<>();
        args.add(current);
        for (ReleaseStatus release : releases) {
            values.append(values.isEmpty() ? "" : ", ").append("(?::text, ?::boolean, ?::text)");
            args.add(release.version().toString());
            args.add(release.yanked());
            args.add(release.deprecated());
        }
        args.add(packageId);
        args.add(current);
        jdbc.update(
                "UPDATE release_search s SET yanked = v.yanked, deprecated = v.deprecated, current = (s.version = ?)"
                        + " FROM (VALUES " + values + ") AS v (version, yanked, deprecated)"
                        + " WHERE s.package_id = ? AND s.version = v.version"
                        + " AND (s.yanked, s.deprecated, s.current) IS DISTINCT FROM (v.yanked, v.deprecated, s.version = ?)",
                args.toArray());
    }

    static Optional<Version> chooseCurrent(List<ReleaseStatus> releases) {
        Comparator<ReleaseStatus> byVersion = Comparator.comparing(ReleaseStatus::version);
        Optional<ReleaseStatus> release = releases.stream()
                .filter(r -> !r.yanked() && !r.version().isPrerelease())
                .max(byVersion);
        if (release.isEmpty()) {
            release = releases.stream().filter(r -> !r.yanked()).max(byVersion);
        }
        if (release.isEmpty()) {
            release = releases.stream().max(byVersion);
        }
        return release.map(ReleaseStatus::version);
    }

    private Map<String, Long> releaseIds(long packageId, Set<String> versions) {
        Map<String, Long> ids = new java.util.HashMap<>();
        jdbc.query(
                "SELECT id, version FROM releases WHERE package_id = ? AND version = ANY (?)",
                rs -> {
                    ids.put(rs.getString(2), rs.getLong(1));
                },
                packageId,
                versions.toArray(String[]::new));
        return ids;
    }
}
