package dev.wreg.validator.publishpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.validator.component.Components;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishPolicyCheckTest {

    private static final byte[] SOCKETS = Components.withFuncs(
            List.of("wasi:sockets/tcp@0.2.0", "wasi:cli/environment@0.2.0", "acme:log/sink"), List.of("run"), false);

    @Test
    void deniedImportIsNamedWithItsRule() {
        PublishPolicyResult r = PublishPolicyCheck.check(
                SOCKETS, PublishPolicy.defaults().withDeniedImports(List.of("wasi:sockets/*")));
        assertThat(r.accepted()).isFalse();
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("import-denied");
            assertThat(v.message()).contains("wasi:sockets/tcp@0.2.0");
        });
    }

    @Test
    void capabilitySummaryListsWasiInterfaces() {
        PublishPolicyResult r = PublishPolicyCheck.check(SOCKETS, PublishPolicy.defaults());
        assertThat(r.accepted()).isTrue();
        assertThat(r.capabilities().wasiInterfaces())
                .containsExactly("wasi:cli/environment@0.2.0", "wasi:sockets/tcp@0.2.0");
        assertThat(r.capabilities().otherInterfaces()).containsExactly("acme:log/sink");
    }

    @Test
    void limitsAndAllowList() {
        assertThat(PublishPolicyCheck.check(SOCKETS, PublishPolicy.defaults().withMaxBytes(10))
                        .violations())
                .extracting(PublishPolicyViolation::rule)
                .containsExactly("max-bytes");
        PublishPolicyResult r =
                PublishPolicyCheck.check(SOCKETS, PublishPolicy.defaults().withAllowedImports(List.of("wasi:*")));
        assertThat(r.violations())
                .extracting(PublishPolicyViolation::message)
                .singleElement()
                .asString()
                .contains("acme:log/sink");
        assertThat(PublishPolicyCheck.matches("wasi:sockets/*", "wasi:sockets/udp@0.2.1"))
                .isTrue();
        assertThat(PublishPolicyCheck.matches("wasi:sockets/*@0.3.0", "wasi:sockets/udp@0.2.1"))
                .isFalse();
    }
}
