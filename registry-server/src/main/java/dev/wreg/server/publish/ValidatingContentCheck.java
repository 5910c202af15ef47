package dev.wreg.server.publish;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.record.PackageState;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.blobs.BlobStore;
import dev.wreg.server.policy.NamespacePolicies;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.validator.component.ComponentValidator;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import dev.wreg.validator.policy.PolicyCheck;
import dev.wreg.validator.policy.PolicyResult;
import dev.wreg.validator.semver.Change;
import dev.wreg.validator.semver.SemverCheck;
import dev.wreg.validator.semver.SemverReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Judges a release's bytes, cheapest rule first: the namespace's size limit (before anything is
 * read), the component preamble, full component validation as wasm-tools 1.257 with its default
 * features, the namespace's structural and import rules, and finally the WIT semver check against
 * the highest earlier release. Every refusal is a problem naming the rule; nothing is stored,
 * because this runs inside the publish transaction before any row is written.
 */
@Component
public class ValidatingContentCheck implements ReleaseContentCheck {

    /** The component validator's verdict: the bytes are not a valid component. */
    public static final String INVALID_COMPONENT = "invalid-component";
    /** A rule of the namespace's publish policy (size, counts, imports) is broken. */
    public static final String POLICY_VIOLATION = "policy-violation";
    /** The version bump is smaller than the WIT changes since the previous release. */
    public static final String SEMVER_VIOLATION = "semver-violation";

    static final byte[] COMPONENT_PREAMBLE = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

    private static final Logger log = LoggerFactory.getLogger(ValidatingContentCheck.class);

    private final NamespacePolicies policies;
    private final ComponentValidator validator = ComponentValidator.of(Features.defaults());

    public ValidatingContentCheck(NamespacePolicies policies) {
        this.policies = policies;
    }

    @Override
    public ReleaseContent check(PackageName pkg, Entry.Release release, PackageState before, BlobStore blobs) {
        String what = pkg + "@" + release.version();
        NamespacePolicies.EffectivePolicy policy = policies.forNamespace(pkg.namespace());
        long limit = policy.publish().maxBytes();
        if (release.size() > limit) {
            throw new Refusal(
                    Refusal.Kind.TOO_LARGE,
                    POLICY_VIOLATION,
                    what + ": rule `max-bytes`: the component is " + release.size() + " bytes, namespace '"
                            + pkg.namespace() + "' accepts at most " + limit);
        }
        byte[] bytes = read(blobs, release.content(), release.size());
        requirePreamble(what, release.content(), bytes);

        ValidationResult verdict = validator.validate(bytes);
        if (verdict instanceof ValidationResult.Invalid invalid) {
            String at = invalid.offset().isPresent()
                    ? " (at byte offset " + invalid.offset().getAsLong() + ")"
                    : "";
            throw Refusal.invalid(INVALID_COMPONENT, what + ": not a valid component: " + invalid.message() + at);
        }

        PolicyResult result = PolicyCheck.check(bytes, policy.publish());
        if (!result.accepted()) {
            throw Refusal.invalid(
                    POLICY_VIOLATION,
                    what + " breaks the publish policy of namespace '" + pkg.namespace() + "': "
                            + result.violations().stream()
                                    .map(v -> "rule `" + v.rule() + "`: " + v.message())
                                    .collect(Collectors.joining("; ")));
        }

        if (!policy.allowBreakingMinor()) {
            checkSemver(what, release, before, blobs, bytes);
        }
        return new ReleaseContent(result.capabilities().wasiInterfaces());
    }

    /**
     * The baseline is the highest non-yanked, non-prerelease release below the new version (so a
     * backport 1.4.1 is compared with 1.4.0, not with 2.0.0). Prereleases promise nothing and are
     * not checked.
     */
    private void checkSemver(String what, Entry.Release release, PackageState before, BlobStore blobs, byte[] bytes) {
        Version version = release.version();
        if (version.isPrerelease()) {
            return;
        }
        Optional<ReleaseInfo> baseline = before.releases().stream()
                .filter(r -> !r.yanked()
                        && !r.version().isPrerelease()
                        && r.version().compareTo(version) < 0)
                .max(Comparator.comparing(ReleaseInfo::version));
        if (baseline.isEmpty()) {
            return;
        }
        ReleaseInfo previous = baseline.get();
        byte[] old = read(blobs, previous.content(), previous.size());
        SemverReport report;
        try {
            report = SemverCheck.check(old, bytes, previous.version(), version);
        } catch (IllegalArgumentException e) {
            // Only releases accepted before validation was enforced can get here: the baseline
            // itself cannot be read as a component, so there is nothing to compare against.
            log.warn("{}: no semver check, baseline {} is unreadable: {}", what, previous.version(), e.getMessage());
            return;
        }
        if (!report.compatible()) {
            throw Refusal.invalid(
                    SEMVER_VIOLATION,
                    what + ": a " + name(report.actual()) + " bump from " + previous.version()
                            + " is too small, the changes need a " + name(report.required()) + " bump: "
                            + report.breaking().stream().map(Change::toString).collect(Collectors.joining("; ")));
        }
    }

    private static String name(Change.Impact impact) {
        return impact.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void requirePreamble(String what, Digest content, byte[] bytes) {
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, COMPONENT_PREAMBLE.length));
        if (!Arrays.equals(head, COMPONENT_PREAMBLE)) {
            String seen = HexFormat.ofDelimiter(" ").formatHex(head);
            String kind = head.length == 8 && head[0] == 0 && head[1] == 0x61 && head[4] == 1 && head[6] == 0
                    ? "a core WebAssembly module, not a component"
                    : "not a WebAssembly component (first bytes: " + seen + ")";
            throw new Refusal(
                    Refusal.Kind.INVALID, ProblemCodes.NOT_A_COMPONENT, what + ": " + content + " is " + kind);
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
