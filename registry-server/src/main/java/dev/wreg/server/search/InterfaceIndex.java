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

    /** The index's view of a release's yank state, enough to choose the current release. */
    public record ReleaseStatus(Version version, boolean yanked) {}

    /**
     * The publish hook: indexes the releases the record added ({@code read}: version text → what
     * the content check read from the component, absent when it could not be read) and moves the
     * package's {@code current} mark to match {@code state}. Runs in the caller's transaction, which
     * holds the package row's lock. Releases accepted before the index existed are left to the
     * backfill, so a publish never reads old blobs.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void update(
            long packageId, PackageName name, PackageState state, Map<String, Optional<ComponentInterfaces>> read) {
        if (!read.isEmpty()) {
            Map<String, Long> ids = releaseIds(packageId);
            for (Map.Entry<String, Optional<ComponentInterfaces>> release : read.entrySet()) {
                Long id = ids.get(release.getKey());
                if (id != null) {
                    insert(id, packageId, name, Version.parse(release.getKey()), release.getValue());
                }
            }
        }
        markCurrent(
                packageId,
                state.releases().stream()
                        .map(r -> new ReleaseStatus(r.version(), r.yanked()))
                        .toList());
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
                    "INSERT INTO release_interfaces (release_id, package_id, direction, interface, version, track,"
                            + " i_major, i_minor, i_patch, functions, wit_digest)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
     * Marks the release the package is searched by: its newest release that is not yanked
     * (preferring a release to a prerelease, as {@link PackageState#latest()} does), else its
     * newest release; every other row of the package is unmarked.
     */
    public void markCurrent(long packageId, List<ReleaseStatus> releases) {
        Optional<Version> current = chooseCurrent(releases);
        jdbc.update(
                "UPDATE release_search SET current = (version = ?) WHERE package_id = ?"
                        + " AND current IS DISTINCT FROM (version = ?)",
                current.map(Version::toString).orElse(""),
                packageId,
                current.map(Version::toString).orElse(""));
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

    private Map<String, Long> releaseIds(long packageId) {
        Map<String, Long> ids = new java.util.HashMap<>();
        jdbc.query(
                "SELECT id, version FROM releases WHERE package_id = ?",
                rs -> {
                    ids.put(rs.getString(2), rs.getLong(1));
                },
                packageId);
        return ids;
    }
}
