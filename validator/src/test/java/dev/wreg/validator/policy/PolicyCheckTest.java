package dev.wreg.validator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.validator.component.Components;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCheckTest {

    private static final byte[] SOCKETS = Components.withFuncs(
            List.of("wasi:sockets/tcp@0.2.0", "wasi:cli/environment@0.2.0", "acme:log/sink"), List.of("run"), false);

    @Test
    void deniedImportIsNamedWithItsRule() {
        PolicyResult r =
                PolicyCheck.check(SOCKETS, PublishPolicy.defaults().withDeniedImports(List.of("wasi:sockets/*")));
        assertThat(r.accepted()).isFalse();
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("import-denied");
            assertThat(v.message()).contains("wasi:sockets/tcp@0.2.0");
        });
    }

    @Test
    void capabilitySummaryListsWasiInterfaces() {
        PolicyResult r = PolicyCheck.check(SOCKETS, PublishPolicy.defaults());
        assertThat(r.accepted()).isTrue();
        assertThat(r.capabilities().wasiInterfaces())
                .containsExactly("wasi:cli/environment@0.2.0", "wasi:sockets/tcp@0.2.0");
        assertThat(r.capabilities().otherInterfaces()).containsExactly("acme:log/sink");
    }

    @Test
    void limitsAndAllowList() {
        assertThat(PolicyCheck.check(SOCKETS, PublishPolicy.defaults().withMaxBytes(10))
                        .violations())
                .extracting(PolicyViolation::rule)
                .containsExactly("max-bytes");
        PolicyResult r = PolicyCheck.check(SOCKETS, PublishPolicy.defaults().withAllowedImports(List.of("wasi:*")));
        assertThat(r.violations())
                .extracting(PolicyViolation::message)
                .singleElement()
                .asString()
                .contains("acme:log/sink");
        assertThat(PolicyCheck.matches("wasi:sockets/*", "wasi:sockets/udp@0.2.1"))
                .isTrue();
        assertThat(PolicyCheck.matches("wasi:sockets/*@0.3.0", "wasi:sockets/udp@0.2.1"))
                .isFalse();
    }
}
