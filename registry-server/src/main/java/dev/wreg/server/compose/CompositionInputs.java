package dev.wreg.server.compose;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.blobs.BlobInfo;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.packages.PackageLog;
import dev.wreg.server.refusal.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Finds composition inputs: a requirement resolves to the newest non-yanked matching release of
 * the package's log (as {@code wreg fetch} resolves it), a digest to the uploaded blob; either way
 * the bytes read back are checked against the digest before the composer sees them.
 */
@Service
public class CompositionInputs {

    private final PackageLog packageLog;
    private final BlobStore blobs;

    public CompositionInputs(PackageLog packageLog, BlobStore blobs) {
        this.packageLog = packageLog;
        this.blobs = blobs;
    }

    ResolvedInput resolve(String role, InputRef ref, long maxBytes) {
        return switch (ref) {
            case InputRef.Release release -> {
                PackageState state = packageLog.state(release.name());
                List<Version> candidates = state.releases().stream()
                        .filter(r -> !r.yanked())
                        .map(ReleaseInfo::version)
                        .toList();
                Version best = release.requirement()
                        .best(candidates)
                        .orElseThrow(() -> new Refusal(
                                Refusal.Kind.NOT_FOUND,
                                "unknown-version",
                                "no release of " + release.name() + " that is not yanked matches "
                                        + release.requirement() + " (the " + role + " " + release.text() + ")"));
                ReleaseInfo info = state.release(best).orElseThrow();
                byte[] bytes = read(info.content(), maxBytes, release.text());
                yield new ResolvedInput(role, release.text(), release.name(), best, info.content(), bytes);
            }
            case InputRef.Blob blob -> {
                byte[] bytes = read(blob.digest(), maxBytes, blob.text());
                yield new ResolvedInput(role, blob.text(), null, null, blob.digest(), bytes);
            }
        };
    }

    private byte[] read(Digest digest, long maxBytes, String what) {
        BlobInfo info = blobs.stat(digest)
                .orElseThrow(() -> Refusal.notFound("no blob " + digest + " (" + what + ") was uploaded"));
        if (info.size() > maxBytes) {
            throw new Refusal(
                    Refusal.Kind.TOO_LARGE,
                    "input-too-large",
                    what + " is " + info.size() + " bytes, more than the composition input limit of " + maxBytes);
        }
        byte[] bytes;
        try (InputStream in = blobs.open(digest, 0, -1)) {
            bytes = in.readNBytes((int) maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest, e);
        }
        if (!Digest.sha256(bytes).equals(digest)) {
            // The store gave back other bytes than were put: refuse rather than compose them.
            throw new Refusal(
                    Refusal.Kind.BROKEN,
                    ProblemCodes.DIGEST_MISMATCH,
                    "the blob store returned bytes for " + digest + " that do not hash to it");
        }
        return bytes;
    }
}
