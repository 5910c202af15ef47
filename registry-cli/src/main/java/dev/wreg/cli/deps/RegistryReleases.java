package dev.wreg.cli.deps;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.cli.client.LogEntry;
import dev.wreg.cli.client.ParallelReads;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.fetch.BlobCache;
import dev.wreg.cli.log.LogTrust;
import dev.wreg.cli.verify.PackageVerifier;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.wit.component.ComponentInterfaces;
import dev.wreg.engine.wit.component.WitDecodeException;
import dev.wreg.protocol.api.InterfaceParty;
import dev.wreg.protocol.api.InterfaceReport;
import dev.wreg.protocol.api.InterfaceTrack;
import dev.wreg.protocol.api.SearchHit;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.InterfaceName;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Releases from the registry, each verified exactly as {@code wreg fetch} verifies one (the same
 * {@link PackageVerifier}, {@link LogTrust} and {@link BlobCache}): the operator log against the
 * pinned operator key, the package's records (signatures, chain, permissions) and their
 * inclusion in the transparency log under a checkpoint consistent with the last one seen, the
 * blob against the signed digest and size. The operator log is replayed once per command and each
 * package verified once.
 */
public final class RegistryReleases implements ReleaseSource {

    private final RegistryClient client;
    private final PackageVerifier verifier;
    private final LogTrust log;
    private final BlobCache cache;
    private final PrintStream notes;
    private final Map<PackageName, VerifiedPackage> verified = new HashMap<>();
    /** Packages whose verification failed while read ahead: the failure is raised when one is asked for. */
    private final Map<PackageName, RuntimeException> failed = new HashMap<>();
    /** Blobs read ahead with their interfaces, by digest and size (a failure is raised when asked for). */
    private final Map<String, ParallelReads.Outcome<Component>> components = new HashMap<>();

    private OperatorState operator;

    /** A verified blob in the cache and what its component imports and exports (null: unreadable WIT). */
    private record Component(Path blob, ComponentInterfaces interfaces) {}

    public RegistryReleases(
            RegistryClient client, PackageVerifier verifier, LogTrust log, BlobCache cache, PrintStream notes) {
        this.client = client;
        this.verifier = verifier;
        this.log = log;
        this.cache = cache;
        this.notes = notes;
    }

    /**
     * Reads every likely package's log at once while the operator log is replayed, reads the
     * inclusion proofs all their records need at once, verifies each package exactly as
     * {@link #verified} would (one after another: the log's trust state is one), then reads the
     * likely blobs at once. A cold command then waits for a few round trips, not for dozens.
     */
    @Override
    public void readAhead(List<Likely> likely) {
        List<PackageName> names = likely.stream()
                .map(Likely::name)
                .distinct()
                .filter(name -> !verified.containsKey(name) && !failed.containsKey(name))
                .toList();
        if (names.isEmpty()) {
            return;
        }
        List<ParallelReads.Outcome<Optional<List<LogEntry>>>> served;
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<ParallelReads.Outcome<Optional<List<LogEntry>>>>> reading =
                    background.submit(() -> ParallelReads.map(names, client::packageRecords));
            if (operator == null) {
                operator = verifier.operatorState();
            }
            served = reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading from the registry", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        List<LogEntry> allRecords = new ArrayList<>();
        for (ParallelReads.Outcome<Optional<List<LogEntry>>> outcome : served) {
            if (outcome.failure() == null) {
                outcome.value().ifPresent(allRecords::addAll);
            }
        }
        log.readProofsAhead(allRecords);
        for (int i = 0; i < names.size(); i++) {
            PackageName name = names.get(i);
            try {
                verified.put(name, verifier.verify(name, operator, served.get(i).get()));
            } catch (RuntimeException e) {
                failed.put(name, e);
            }
        }
        readComponentsAhead(likely);
    }

    private void readComponentsAhead(List<Likely> likely) {
        Map<String, ReleaseInfo> wanted = new LinkedHashMap<>();
        for (Likely l : likely) {
            VerifiedPackage pkg = verified.get(l.name());
            if (pkg == null || !pkg.exists() || (l.pinned() == null && l.requirement() == null)) {
                continue;
            }
            Optional<Version> version = l.pinned() != null
                    ? Optional.of(l.pinned())
                    : l.requirement()
                            .best(pkg.state().releases().stream()
                                    .filter(r -> !r.yanked())
                                    .map(ReleaseInfo::version)
                                    .toList());
            version.flatMap(v -> pkg.state().release(v))
                    .filter(info -> !components.containsKey(componentKey(info)))
                    .ifPresent(info -> wanted.putIfAbsent(componentKey(info), info));
        }
        List<ReleaseInfo> infos = List.copyOf(wanted.values());
        List<ParallelReads.Outcome<Component>> read = ParallelReads.map(infos, this::readComponent);
        for (int i = 0; i < infos.size(); i++) {
            components.put(componentKey(infos.get(i)), read.get(i));
        }
    }

    private static String componentKey(ReleaseInfo info) {
        return info.content() + " " + info.size();
    }

    private Component readComponent(ReleaseInfo info) {
        Path blob = cache.get(info.content(), info.size(), client);
        return new Component(blob, interfacesOf(info.content().toString(), blob));
    }

    private VerifiedPackage verified(PackageName name, String why) {
        RuntimeException failure = failed.remove(name);
        if (failure != null) {
            throw failure;
        }
        VerifiedPackage pkg = verified.get(name);
        if (pkg == null) {
            if (operator == null) {
                operator = verifier.operatorState();
            }
            pkg = verifier.verify(name, operator);
            verified.put(name, pkg);
        }
        if (!pkg.exists()) {
            throw CliException.notFound(
                    "package " + name + " (" + why + ") is not on " + client.registry() + suggestions(name));
        }
        return pkg;
    }

    /** {@code ; did you mean a:b, c:d?} from the registry's search, or nothing. */
    private String suggestions(PackageName name) {
        List<String> names = new ArrayList<>();
        try {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("q", name.toString());
            query.put("per_page", "5");
            for (SearchHit hit : client.search(query).hits()) {
                if (!hit.pkg().equals(name.toString()) && names.size() < 3) {
                    names.add(hit.pkg());
                }
            }
        } catch (CliException e) {
            // A registry without search, or an unreachable one: no suggestion, same failure.
        }
        return names.isEmpty() ? "" : "; did you mean " + String.join(", ", names) + "?";
    }

    @Override
    public Version best(PackageName name, VersionReq requirement, String why) {
        VerifiedPackage pkg = verified(name, why);
        List<Version> candidates = pkg.state().releases().stream()
                .filter(r -> !r.yanked())
                .map(ReleaseInfo::version)
                .toList();
        return requirement
                .best(candidates)
                .orElseThrow(() -> CliException.notFound("no release of " + name + " that is not yanked matches "
                        + requirement + " (" + why + "); its releases: "
                        + pkg.state().releases().stream()
                                .map(r -> r.version() + (r.yanked() ? " (yanked)" : ""))
                                .collect(Collectors.joining(", "))));
    }

    @Override
    public ResolvedRelease release(PackageName name, Version version, LockFile.LockedVersion locked) {
        String label = name + "@" + version;
        VerifiedPackage pkg = verified(name, locked == null ? "a dependency" : "pinned in wreg.lock");
        ReleaseInfo info = pkg.state()
                .release(version)
                .orElseThrow(() -> locked == null
                        ? CliException.notFound(name + " has no release " + version)
                        : CliException.integrity(
                                "wreg.lock pins " + label + ", which " + client.registry() + " never released"));
        long logIndex = logIndexOf(pkg, info);
        if (locked != null) {
            if (!info.content().equals(locked.digest()) || info.size() != locked.size()) {
                throw CliException.integrity("wreg.lock pins " + label + " to " + locked.digest() + " (" + locked.size()
                        + " bytes), but its signed release is " + info.content() + " (" + info.size() + " bytes)");
            }
            if (logIndex != locked.logIndex()) {
                throw CliException.integrity("wreg.lock says " + label + " was released at log index "
                        + locked.logIndex() + ", but its signed record is at " + logIndex);
            }
        }
        if (info.yanked()) {
            notes.println("wreg: warning: " + label + " is yanked"
                    + (info.yankReason() == null || info.yankReason().isEmpty() ? "" : ": " + info.yankReason())
                    + (locked == null
                            ? ""
                            : "; used because wreg.lock pins it (wreg lock --update " + name + " moves on)"));
        }
        if (info.deprecated() != null) {
            notes.println("wreg: warning: " + label + " is deprecated: " + info.deprecated());
        }
        ParallelReads.Outcome<Component> ahead = components.get(componentKey(info));
        Component component = ahead != null ? ahead.get() : readComponent(info);
        long checkpointSize = locked != null
                ? locked.checkpointSize()
                : log.checkpoint().checkpoint().size();
        return new ResolvedRelease(
                name,
                version,
                info.content(),
                info.size(),
                logIndex,
                checkpointSize,
                component.blob(),
                component.interfaces());
    }

    /** The transparency-log index of the (verified) record that released {@code info}. */
    private static long logIndexOf(VerifiedPackage pkg, ReleaseInfo info) {
        for (LogEntry entry : pkg.records()) {
            if (Digest.sha256(entry.envelope().payload()).equals(info.recordId())) {
                if (entry.logIndex() == null) {
                    break;
                }
                return entry.logIndex();
            }
        }
        throw CliException.integrity(
                "the record releasing " + pkg.name() + "@" + info.version() + " has no transparency-log index");
    }

    /** The component's interfaces, or null when its WIT cannot be read (a core module, say). */
    static ComponentInterfaces interfacesOf(String label, Path blob) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(blob);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cached " + label, e);
        }
        try {
            return ComponentInterfaces.of(bytes);
        } catch (ComponentFormatException | WitDecodeException | IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    @Override
    public List<InterfaceParty> providers(InterfaceName iface, String why) {
        InterfaceReport report;
        try {
            report = client.interfaceReport(iface.unversioned());
        } catch (CliException e) {
            if (e.exitCode() == ExitCode.NOT_FOUND) {
                throw CliException.notFound(
                        "no release provides " + iface.id() + " (" + why + "): " + afterColon(e.getMessage()));
            }
            throw e;
        }
        List<InterfaceParty> out = new ArrayList<>();
        for (InterfaceTrack track : report.tracks()) {
            out.addAll(track.providers());
        }
        return out;
    }

    private static String afterColon(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }
}
