package dev.wreg.composer.plan;

import dev.wreg.composer.CompositionException;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.version.Version;
import dev.wreg.protocol.version.VersionReq;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * wac's local dependency layout: {@code <deps>/<ns>/<pkg>.wasm} for an unversioned package and
 * {@code <deps>/<ns>/<pkg>/<version>.wasm} for versioned ones. A requirement picks the exact file
 * when it names one (wac's behaviour), otherwise the highest version the requirement matches.
 * Without a requirement, {@code <pkg>.wasm} wins over the highest non-prerelease version.
 */
public final class DepsDirectoryResolver implements PackageResolver {
    private final Path root;
    private final long maxBytes;

    public DepsDirectoryResolver(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    @Override
    public ResolvedPackage resolve(String packageName, String requirement) {
        int colon = packageName.indexOf(':');
        if (colon <= 0 || packageName.indexOf(':', colon + 1) >= 0 || packageName.contains("/")) {
            throw new CompositionException("invalid-name", "`" + packageName + "` is not a package name (ns:pkg)");
        }
        String ns = packageName.substring(0, colon);
        String pkg = packageName.substring(colon + 1);
        Path nsDir = root.resolve(ns);
        Path flat = nsDir.resolve(pkg + ".wasm");
        Path versioned = nsDir.resolve(pkg);
        if (requirement == null && Files.isRegularFile(flat)) {
            return new ResolvedPackage(packageName, null, read(flat));
        }
        List<Version> versions = versions(versioned);
        if (versions.isEmpty()) {
            if (Files.isRegularFile(flat)) {
                throw PackageResolver.unknownVersion(packageName, requirement);
            }
            throw PackageResolver.unknownPackage(packageName);
        }
        if (requirement != null && Files.isRegularFile(versioned.resolve(requirement + ".wasm"))) {
            return new ResolvedPackage(packageName, requirement, read(versioned.resolve(requirement + ".wasm")));
        }
        Optional<Version> chosen;
        if (requirement == null) {
            chosen = versions.stream()
                    .filter(v -> !v.isPrerelease())
                    .max(Version::compareTo)
                    .or(() -> versions.stream().max(Version::compareTo));
        } else {
            VersionReq req;
            try {
                req = VersionReq.parse(requirement);
            } catch (ProtocolException e) {
                throw new CompositionException(
                        "invalid-version",
                        "`" + requirement + "` is not a version requirement for package `" + packageName + "`: "
                                + e.getMessage());
            }
            chosen = req.best(versions);
        }
        Version v = chosen.orElseThrow(() -> PackageResolver.unknownVersion(packageName, requirement));
        return new ResolvedPackage(packageName, v.toString(), read(versioned.resolve(v + ".wasm")));
    }

    private static List<Version> versions(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Version> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".wasm") && Files.isRegularFile(f)) {
                    try {
                        out.add(Version.parse(n.substring(0, n.length() - ".wasm".length())));
                    } catch (ProtocolException e) {
                        // not a version file; wac ignores such files too
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new CompositionException(
                        "input-too-large", "`" + file + "` is " + size + " bytes, more than the limit of " + maxBytes);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CompositionException("unreadable-input", "cannot read `" + file + "`: " + e.getMessage());
        }
    }
}
