package dev.wreg.validator.release;

import dev.wreg.engine.binary.WasmHeader;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.validator.component.ComponentValidator;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import dev.wreg.validator.publishpolicy.PublishPolicy;
import dev.wreg.validator.publishpolicy.PublishPolicyCheck;
import dev.wreg.validator.publishpolicy.PublishPolicyResult;
import dev.wreg.validator.release.ReleaseRefusedException.Step;
import dev.wreg.validator.semver.Change;
import dev.wreg.validator.semver.SemverCheck;
import dev.wreg.validator.semver.SemverReport;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The checks a release's bytes pass before a registry accepts them, cheapest first: the size
 * (before anything is read), the header (a component, not a core module or something else),
 * validation (as wasm-tools 1.257 with its default features), the {@link PublishPolicy} (structure
 * and imports), and semver (the WIT changes since the previous release fit the version bump). The
 * first step that fails refuses the release with a {@link ReleaseRefusedException} naming the rule.
 *
 * <p>The registry runs every step ({@link #of}). A client that does not know the registry's policy
 * runs the steps that need none ({@link #componentOnly}), so what the registry would refuse for
 * the bytes alone is refused before anything is uploaded.
 */
public final class ReleaseCheck {

    private static final ComponentValidator VALIDATOR = ComponentValidator.of(Features.defaults());

    private final PublishPolicy policy;
    private final String policyOwner;
    private final boolean semver;

    private ReleaseCheck(PublishPolicy policy, String policyOwner, boolean semver) {
        this.policy = policy;
        this.policyOwner = policyOwner;
        this.semver = semver;
    }

    /**
     * Every step.
     *
     * @param policy the size and structural rules
     * @param policyOwner whose rules they are, for messages: {@code namespace 'acme'}
     * @param semver whether the version bump must cover the WIT changes (a namespace may waive it)
     */
    public static ReleaseCheck of(PublishPolicy policy, String policyOwner, boolean semver) {
        return new ReleaseCheck(Objects.requireNonNull(policy), Objects.requireNonNull(policyOwner), semver);
    }

    /** The header and validation only: the steps that depend on nothing but the bytes. */
    public static ReleaseCheck componentOnly() {
        return new ReleaseCheck(null, null, false);
    }

    /** The previous release semver compares with, and how to read its bytes when it comes to that. */
    public record Baseline(Version version, Supplier<byte[]> bytes) {}

    /**
     * What an accepted release is stored with.
     *
     * @param capabilities the WASI interfaces it imports, sorted (empty without a policy step)
     * @param semverSkipped why semver could not be checked ({@code null} when it was, or was not asked for)
     */
    public record Accepted(List<String> capabilities, String semverSkipped) {
        public Accepted {
            capabilities = List.copyOf(capabilities);
        }
    }

    /**
     * The baseline of a new release: the highest non-yanked, non-prerelease release below it (so a
     * backport 1.4.1 is compared with 1.4.0, not with 2.0.0). A prerelease promises nothing and
     * has none.
     */
    public static Optional<ReleaseInfo> baselineOf(Version version, List<ReleaseInfo> releases) {
        if (version.isPrerelease()) {
            return Optional.empty();
        }
        return releases.stream()
                .filter(r -> !r.yanked()
                        && !r.version().isPrerelease()
                        && r.version().compareTo(version) < 0)
                .max(Comparator.comparing(ReleaseInfo::version));
    }

    /**
     * The size step alone, for a release whose declared size is known before its bytes are read.
     *
     * @param subject what the release is, for messages: {@code acme:tool@1.2.0} or a file name
     */
    public void checkSize(String subject, long size) {
        if (policy != null && size > policy.maxBytes()) {
            throw new ReleaseRefusedException(
                    Step.SIZE,
                    ProblemCodes.POLICY_VIOLATION,
                    subject + ": rule `max-bytes`: the component is " + size + " bytes, " + policyOwner
                            + " accepts at most " + policy.maxBytes());
        }
    }

    /**
     * Runs every step of this check on {@code bytes}, a release of {@code version}.
     *
     * @param subject what the release is, for messages: {@code acme:tool@1.2.0} or a file name
     * @param baseline the previous release for semver ({@link #baselineOf}); empty when there is none
     */
    public Accepted check(String subject, byte[] bytes, Version version, Optional<Baseline> baseline) {
        checkSize(subject, bytes.length);
        checkHeader(subject, bytes);
        ValidationResult verdict = VALIDATOR.validate(bytes);
        if (verdict instanceof ValidationResult.Invalid invalid) {
            String at = invalid.offset().isPresent()
                    ? " (at byte offset " + invalid.offset().getAsLong() + ")"
                    : "";
            throw new ReleaseRefusedException(
                    Step.VALIDATION,
                    ProblemCodes.INVALID_COMPONENT,
                    subject + ": not a valid component: " + invalid.message() + at);
        }
        if (policy == null) {
            return new Accepted(List.of(), null);
        }
        PublishPolicyResult result = PublishPolicyCheck.check(bytes, policy);
        if (!result.accepted()) {
            throw new ReleaseRefusedException(
                    Step.POLICY,
                    ProblemCodes.POLICY_VIOLATION,
                    subject + " breaks the publish policy of " + policyOwner + ": "
                            + result.violations().stream()
                                    .map(v -> "rule `" + v.rule() + "`: " + v.message())
                                    .collect(Collectors.joining("; ")));
        }
        String semverSkipped =
                semver && baseline.isPresent() ? checkSemver(subject, bytes, version, baseline.get()) : null;
        return new Accepted(result.capabilities().wasiInterfaces(), semverSkipped);
    }

    /** The header step: a component of the version this registry reads, and nothing else. */
    private static void checkHeader(String subject, byte[] bytes) {
        Optional<WasmHeader> header = WasmHeader.of(bytes);
        if (header.isPresent() && header.get().isSupportedComponent()) {
            return;
        }
        String seen =
                HexFormat.ofDelimiter(" ").formatHex(Arrays.copyOf(bytes, Math.min(bytes.length, WasmHeader.LENGTH)));
        String what;
        if (header.isPresent() && header.get().isSupportedCoreModule()) {
            what = "a core WebAssembly module, not a component (wrap it with `wasm-tools component new`)";
        } else if (WasmHeader.hasMagic(bytes)) {
            what = "WebAssembly, but not a component of a version this registry accepts (header: " + seen + ")";
        } else {
            what = "not a WebAssembly component (first bytes: " + seen + ")";
        }
        throw new ReleaseRefusedException(Step.HEADER, ProblemCodes.NOT_A_COMPONENT, subject + " is " + what);
    }

    /** Refuses a bump smaller than the changes; answers why it could not compare, or null. */
    private static String checkSemver(String subject, byte[] bytes, Version version, Baseline previous) {
        SemverReport report;
        try {
            report = SemverCheck.check(previous.bytes().get(), bytes, previous.version(), version);
        } catch (IllegalArgumentException e) {
            // Only releases accepted before validation was enforced can get here: the baseline
            // itself cannot be read as a component, so there is nothing to compare against.
            return "baseline " + previous.version() + " is unreadable: " + e.getMessage();
        }
        if (!report.compatible()) {
            throw new ReleaseRefusedException(
                    Step.SEMVER,
                    ProblemCodes.SEMVER_VIOLATION,
                    subject + ": a " + name(report.actual()) + " bump from " + previous.version()
                            + " is too small, the changes need a " + name(report.required()) + " bump: "
                            + report.breaking().stream().map(Change::toString).collect(Collectors.joining("; ")));
        }
        return null;
    }

    private static String name(Change.Impact impact) {
        return impact.name().toLowerCase(Locale.ROOT);
    }
}
