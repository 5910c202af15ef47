package dev.wreg.server.publish;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.publishpolicy.NamespacePublishPolicies;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.server.search.InterfaceIndex;
import dev.wreg.validator.release.ReleaseCheck;
import dev.wreg.validator.release.ReleaseRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Judges a release's bytes with the validator's {@link ReleaseCheck}, under the publish policy of
 * the release's namespace: its size limit (before anything is read), the component header, full
 * component validation as wasm-tools 1.257 with its default features, the namespace's structural
 * and import rules, and the WIT semver check against the highest earlier release (unless the
 * namespace waives it). Every refusal names the rule; nothing is stored, because this runs inside
 * the publish transaction before any row is written.
 */
@Component
public class ValidatingContentCheck implements ReleaseContentCheck {

    private static final Logger log = LoggerFactory.getLogger(ValidatingContentCheck.class);

    private final NamespacePublishPolicies policies;

    public ValidatingContentCheck(NamespacePublishPolicies policies) {
        this.policies = policies;
    }

    @Override
    public ReleaseContent check(PackageName pkg, Entry.Release release, PackageState before, BlobStore blobs) {
        String what = pkg + "@" + release.version();
        NamespacePublishPolicies.NamespacePublishPolicy policy = policies.forNamespace(pkg.namespace());
        ReleaseCheck check =
                ReleaseCheck.of(policy.publish(), "namespace '" + pkg.namespace() + "'", !policy.allowBreakingMinor());
        try {
            check.checkSize(what, release.size());
            byte[] bytes = read(blobs, release.content(), release.size());
            Optional<ReleaseCheck.Baseline> baseline = ReleaseCheck.baselineOf(release.version(), before.releases())
                    .map(previous -> new ReleaseCheck.Baseline(
                            previous.version(), () -> read(blobs, previous.content(), previous.size())));
            ReleaseCheck.Accepted accepted = check.check(what, bytes, release.version(), baseline);
            if (accepted.semverSkipped() != null) {
                log.warn("{}: no semver check, {}", what, accepted.semverSkipped());
            }
            return new ReleaseContent(accepted.capabilities(), InterfaceIndex.read(what, bytes));
        } catch (ReleaseRefusedException e) {
            Refusal.Kind kind =
                    e.step() == ReleaseRefusedException.Step.SIZE ? Refusal.Kind.TOO_LARGE : Refusal.Kind.INVALID;
            throw new Refusal(kind, e.code(), e.getMessage());
        }
    }

    /** The whole blob; its size is already checked against the policy limit. */
    private static byte[] read(BlobStore blobs, Digest content, long size) {
        try (InputStream in = blobs.open(content, 0, -1)) {
            byte[] bytes = in.readNBytes(Math.toIntExact(size));
            if (bytes.length != size || in.read() != -1) {
                throw new IllegalStateException("blob " + content + " does not have its recorded size " + size);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + content, e);
        }
    }
}
