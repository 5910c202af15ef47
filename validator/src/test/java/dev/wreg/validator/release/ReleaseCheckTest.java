package dev.wreg.validator.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.record.ReleaseInfo;
import dev.wreg.protocol.version.Version;
import dev.wreg.validator.component.Components;
import dev.wreg.validator.publishpolicy.PublishPolicy;
import dev.wreg.validator.release.ReleaseRefusedException.Step;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReleaseCheckTest {

    private static final byte[] EMPTY_COMPONENT = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
    private static final byte[] CORE_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};
    private static final byte[] NEWER_COMPONENT = {0, 'a', 's', 'm', 0x0e, 0, 1, 0};
    private static final byte[] MALFORMED_COMPONENT = {0, 'a', 's', 'm', 0x0d, 0, 1, 0, 7, 5, 1};
    private static final Version V1 = Version.parse("1.0.0");
    private static final Version V1_1 = Version.parse("1.1.0");

    private static final ReleaseCheck STRICT = ReleaseCheck.of(PublishPolicy.defaults(), "namespace 'acme'", true);

    @Test
    void aValidComponentPassesEveryStepWithItsCapabilities() {
        byte[] component = Components.withFuncs(List.of("host"), List.of("run"), false);
        ReleaseCheck.Accepted accepted = STRICT.check("acme:tool@1.0.0", component, V1, Optional.empty());
        assertThat(accepted.capabilities()).isEmpty();
        assertThat(accepted.semverSkipped()).isNull();
        assertThat(ReleaseCheck.componentOnly().check("tool.wasm", EMPTY_COMPONENT, V1, Optional.empty()))
                .isNotNull();
    }

    @Test
    void theSizeStepRefusesBeforeAnythingIsRead() {
        ReleaseCheck tiny = ReleaseCheck.of(PublishPolicy.defaults().withMaxBytes(4), "namespace 'tiny'", true);
        assertThatThrownBy(() -> tiny.checkSize("acme:tool@1.0.0", 100))
                .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                    assertThat(e.step()).isEqualTo(Step.SIZE);
                    assertThat(e.code()).isEqualTo("policy-violation");
                })
                .hasMessage("acme:tool@1.0.0: rule `max-bytes`: the component is 100 bytes, namespace 'tiny'"
                        + " accepts at most 4");
        ReleaseCheck.componentOnly().checkSize("tool.wasm", Long.MAX_VALUE);
    }

    @Test
    void theHeaderStepTellsWhatTheBytesAreInstead() {
        assertRefused(CORE_MODULE, Step.HEADER, "not-a-component", "tool.wasm is a core WebAssembly module");
        assertRefused(NEWER_COMPONENT, Step.HEADER, "not-a-component", "not a component of a version this registry");
        assertRefused("hello".getBytes(), Step.HEADER, "not-a-component", "first bytes: 68 65 6c 6c 6f");
        assertRefused(new byte[0], Step.HEADER, "not-a-component", "not a WebAssembly component");
    }

    @Test
    void theValidationStepRefusesAnInvalidComponentWithItsOffset() {
        assertRefused(MALFORMED_COMPONENT, Step.VALIDATION, "invalid-component", "not a valid component:");
    }

    @Test
    void thePolicyStepNamesEachBrokenRuleAndItsOwner() {
        byte[] component = Components.withFuncs(List.of("host"), List.of("run"), false);
        ReleaseCheck noImports =
                ReleaseCheck.of(PublishPolicy.defaults().withDeniedImports(List.of("*")), "namespace 'acme'", true);
        assertThatThrownBy(() -> noImports.check("acme:tool@1.0.0", component, V1, Optional.empty()))
                .isInstanceOfSatisfying(
                        ReleaseRefusedException.class, e -> assertThat(e.step()).isEqualTo(Step.POLICY))
                .hasMessageStartingWith("acme:tool@1.0.0 breaks the publish policy of namespace 'acme': rule `");
        // Without a policy, a client only checks what the bytes alone decide.
        assertThat(ReleaseCheck.componentOnly().check("tool.wasm", component, V1, Optional.empty()))
                .isNotNull();
    }

    @Test
    void theSemverStepComparesWithTheBaselineOnlyWhenItComesToIt() {
        byte[] before = Components.withFuncs(List.of("host"), List.of("run"), false);
        byte[] changedType = Components.withFuncs(List.of("host"), List.of("run"), true);
        AtomicInteger reads = new AtomicInteger();
        ReleaseCheck.Baseline baseline = new ReleaseCheck.Baseline(V1, () -> {
            reads.incrementAndGet();
            return before;
        });

        assertThatThrownBy(() -> STRICT.check("acme:tool@1.1.0", changedType, V1_1, Optional.of(baseline)))
                .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                    assertThat(e.step()).isEqualTo(Step.SEMVER);
                    assertThat(e.code()).isEqualTo("semver-violation");
                })
                .hasMessageContaining("a minor bump from 1.0.0 is too small, the changes need a major bump");
        assertThat(reads).hasValue(1);

        ReleaseCheck waived = ReleaseCheck.of(PublishPolicy.defaults(), "namespace 'lenient'", false);
        waived.check("acme:tool@1.1.0", changedType, V1_1, Optional.of(baseline));
        assertRefused(CORE_MODULE, Step.HEADER, "not-a-component", "core");
        assertThat(reads).as("the baseline is read only by the semver step").hasValue(1);

        ReleaseCheck.Baseline unreadable = new ReleaseCheck.Baseline(V1, () -> CORE_MODULE);
        assertThat(STRICT.check("acme:tool@1.1.0", changedType, V1_1, Optional.of(unreadable))
                        .semverSkipped())
                .startsWith("baseline 1.0.0 is unreadable");
    }

    @Test
    void theBaselineIsTheHighestEarlierReleaseThatPromisesSomething() {
        List<ReleaseInfo> releases = List.of(
                release("1.0.0", false),
                release("1.4.0", false),
                release("1.5.0", true),
                release("1.6.0-rc.1", false),
                release("2.0.0", false));
        assertThat(ReleaseCheck.baselineOf(Version.parse("1.4.1"), releases))
                .map(r -> r.version().toString())
                .contains("1.4.0");
        assertThat(ReleaseCheck.baselineOf(Version.parse("1.7.0"), releases))
                .map(r -> r.version().toString())
                .contains("1.4.0");
        assertThat(ReleaseCheck.baselineOf(Version.parse("3.0.0"), releases))
                .map(r -> r.version().toString())
                .contains("2.0.0");
        assertThat(ReleaseCheck.baselineOf(Version.parse("0.1.0"), releases)).isEmpty();
        assertThat(ReleaseCheck.baselineOf(Version.parse("3.0.0-alpha"), releases))
                .isEmpty();
    }

    private static void assertRefused(byte[] bytes, Step step, String code, String message) {
        assertThatThrownBy(() -> ReleaseCheck.componentOnly().check("tool.wasm", bytes, V1, Optional.empty()))
                .isInstanceOfSatisfying(ReleaseRefusedException.class, e -> {
                    assertThat(e.step()).isEqualTo(step);
                    assertThat(e.code()).isEqualTo(code);
                })
                .hasMessageContaining(message);
    }

    private static ReleaseInfo release(String version, boolean yanked) {
        Digest content = Digest.sha256(version.getBytes());
        return new ReleaseInfo(Version.parse(version), content, 1, content, Instant.EPOCH, yanked, null, null);
    }
}
