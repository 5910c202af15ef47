package dev.wreg.server.publishpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.server.config.RegistryProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class NamespacePublishPoliciesTest {

    private static final RegistryProperties REGISTRY = new RegistryProperties(
            Path.of("data"),
            null,
            null,
            null,
            new RegistryProperties.Limits(
                    DataSize.ofMegabytes(10), DataSize.ofKilobytes(64), DataSize.ofKilobytes(64), 64));

    private static PublishPolicyProperties.Rules rules(
            DataSize maxSize, Integer maxNesting, List<String> denied, Boolean allowBreaking) {
        return new PublishPolicyProperties.Rules(
                maxSize, maxNesting, null, null, null, null, denied, allowBreaking, null);
    }

    @Test
    void unsetRulesFallBackToTheValidatorDefaultsCappedByTheBlobLimit() {
        NamespacePublishPolicies policies = new NamespacePublishPolicies(
                new PublishPolicyProperties(null, null, null, null, null, null, null, null, null, null), REGISTRY);
        NamespacePublishPolicies.NamespacePublishPolicy policy = policies.forNamespace("any");
        assertThat(policy.publish().maxBytes())
                .isEqualTo(DataSize.ofMegabytes(10).toBytes());
        assertThat(policy.publish().maxNesting()).isEqualTo(16);
        assertThat(policy.publish().deniedImports()).isEmpty();
        assertThat(policy.allowBreakingMinor()).isFalse();
    }

    @Test
    void namespaceOverridesWinRuleByRuleOverTheTopLevel() {
        PublishPolicyProperties properties = new PublishPolicyProperties(
                DataSize.ofMegabytes(1),
                4,
                null,
                null,
                null,
                null,
                List.of("wasi:sockets/*"),
                null,
                null,
                Map.of(
                        "acme",
                        rules(null, 2, List.of(), true),
                        "My-Ns",
                        rules(DataSize.ofKilobytes(5), null, null, null)));
        NamespacePublishPolicies policies = new NamespacePublishPolicies(properties, REGISTRY);

        NamespacePublishPolicies.NamespacePublishPolicy acme = policies.forNamespace("acme");
        assertThat(acme.publish().maxBytes()).isEqualTo(DataSize.ofMegabytes(1).toBytes());
        assertThat(acme.publish().maxNesting()).isEqualTo(2);
        assertThat(acme.publish().deniedImports()).isEmpty();
        assertThat(acme.allowBreakingMinor()).isTrue();

        NamespacePublishPolicies.NamespacePublishPolicy mine = policies.forNamespace("my-ns");
        assertThat(mine.publish().maxBytes()).isEqualTo(5 * 1024);
        assertThat(mine.publish().maxNesting()).isEqualTo(4);
        assertThat(mine.publish().deniedImports()).containsExactly("wasi:sockets/*");

        assertThat(policies.forNamespace("other").publish().deniedImports()).containsExactly("wasi:sockets/*");
    }

    @Test
    void uploadLimitsTakeTheNamespaceSizeCappedByTheBlobLimitAndItsPendingCount() {
        PublishPolicyProperties properties = new PublishPolicyProperties(
                DataSize.ofMegabytes(20),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                7,
                Map.of(
                        "acme",
                        new PublishPolicyProperties.Rules(
                                DataSize.ofKilobytes(5), null, null, null, null, null, null, null, 2)));
        NamespacePublishPolicies policies = new NamespacePublishPolicies(properties, REGISTRY);

        NamespacePublishPolicies.UploadLimits acme = policies.uploadLimits("acme");
        assertThat(acme.maxBytes()).isEqualTo(5 * 1024);
        assertThat(acme.maxPendingUploads()).isEqualTo(2);
        assertThat(acme.owner()).isEqualTo("namespace 'acme'");

        // The top level asks for 20 MB, but no upload passes the 10 MB blob limit.
        NamespacePublishPolicies.UploadLimits other = policies.uploadLimits("other");
        assertThat(other.maxBytes()).isEqualTo(DataSize.ofMegabytes(10).toBytes());
        assertThat(other.maxPendingUploads()).isEqualTo(7);
        assertThat(policies.uploadLimits(null).owner()).isEqualTo("the registry");

        NamespacePublishPolicies defaults = new NamespacePublishPolicies(
                new PublishPolicyProperties(null, null, null, null, null, null, null, null, null, null), REGISTRY);
        assertThat(defaults.uploadLimits("any").maxPendingUploads())
                .isEqualTo(PublishPolicyProperties.DEFAULT_MAX_PENDING_UPLOADS);
    }
}
