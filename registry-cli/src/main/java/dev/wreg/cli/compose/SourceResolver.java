package dev.wreg.cli.compose;

import dev.wreg.cli.CliException;
import dev.wreg.cli.client.RegistryClient;
import dev.wreg.cli.deps.LockedReleases;
import dev.wreg.cli.deps.ResolvedRelease;
import dev.wreg.cli.fetch.BlobCache;
import dev.wreg.cli.verify.PackageVerifier;
import dev.wreg.cli.verify.VerifiedPackage;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads composition inputs for a local composition. A registry release is resolved as
 * {@code wreg fetch} resolves it — the package's records verified against the pinned operator key
 * and the transparency log, then the newest non-yanked release matching the requirement, its blob
 * checked against the signed digest and size; a blob digest is downloaded and checked against
 * itself. The registry is contacted only when an input names it.
 */
final class SourceResolver {

    private final Supplier<RegistryClient> client;
    private final Supplier<PackageVerifier> verifier;
    private final Path cacheDir;
    private final PrintStream notes;
    /** With --locked or --offline: registry releases come from wreg.lock; else null. */
    private final Supplier<LockedReleases> pinned;

    SourceResolver(
            Supplier<RegistryClient> client,
            Supplier<PackageVerifier> verifier,
            Path cacheDir,
            PrintStream notes,
            Supplier<LockedReleases> pinned) {
        this.client = client;
        this.verifier = verifier;
        this.cacheDir = cacheDir;
        this.notes = notes;
        this.pinned = pinned;
    }

    ResolvedSource resolve(String role, ComposeSource source) {
        return switch (source) {
            case ComposeSource.LocalFile file -> {
                byte[] bytes = readFile(file.path());
                yield new ResolvedSource(
                        role, ComposeSource.stem(file.path()), bytes, null, null, Digest.sha256(bytes));
            }
            case ComposeSource.Release release
            when pinned != null -> {
                ResolvedRelease r = pinned.get()
                        .resolve(release.ref().name(), release.requirement(), "the " + role + " " + release.text());
                yield new ResolvedSource(role, r.label(), readFile(r.blob()), r.name(), r.version(), r.digest());
            }
            case ComposeSource.Release release -> {
                VerifiedPackage pkg = verifier.get().verify(release.ref().name());
                if (!pkg.exists()) {
                    throw CliException.notFound("package " + release.ref().name() + " not found on "
                            + client.get().registry() + " (the " + role + " " + release.text() + ")");
                }
                List<Version> candidates = pkg.state().releases().stream()
                        .filter(r -> !r.yanked())
                        .map(ReleaseInfo::version)
                        .toList();
                Version best = release.requirement()
                        .best(candidates)
                        .orElseThrow(() -> CliException.notFound(
                                "no release of " + release.ref().name()
                                        + " that is not yanked matches " + release.requirement() + " (the " + role + " "
                                        + release.text() + ")"));
                ReleaseInfo info = pkg.state().release(best).orElseThrow();
                Path blob = new BlobCache(cacheDir, notes).get(info.content(), info.size(), client.get());
                yield new ResolvedSource(
                        role,
                        release.ref().name() + "@" + best,
                        readFile(blob),
                        release.ref().name(),
                        best,
                        info.content());
            }
            case ComposeSource.Blob blob -> {
                byte[] bytes = download(blob.digest());
                yield new ResolvedSource(
                        role, blob.digest().toString().substring(0, 19), bytes, null, null, blob.digest());
            }
        };
    }

    private byte[] download(Digest digest) {
        byte[] bytes;
        try (InputStream in = client.get().openBlob(digest)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, LoadedPackage.DEFAULT_MAX_BYTES + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download blob " + digest, e);
        }
        if (!Digest.sha256(bytes).equals(digest)) {
            throw CliException.integrity("the registry served bytes for " + digest + " that do not hash to it");
        }
        return bytes;
    }

    static byte[] readFile(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file: " + e.getFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
