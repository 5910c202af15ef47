package dev.wreg.server.publishpolicy;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.config.RegistryProperties;
import dev.wreg.validator.publishpolicy.PublishPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/** Resolves the effective {@link NamespacePublishPolicy} of a namespace from {@link PublishPolicyProperties}. */
@Component
public class NamespacePublishPolicies {

    private final PublishPolicyProperties.Rules topLevel;
    private final Map<String, PublishPolicyProperties.Rules> byNamespace;
    private final long maxBlobBytes;

    public NamespacePublishPolicies(PublishPolicyProperties properties, RegistryProperties registry) {
        this.topLevel = properties.topLevel();
        // Namespaces compare on their canonical label, as claims do, so `my-ns` configures `my-ns`
        // whatever spelling the property source used.
        this.byNamespace = properties.namespaces().entrySet().stream()
                .collect(Collectors.toMap(
                        entry -> PackageName.canonicalLabel(entry.getKey().toLowerCase(Locale.ROOT)),
                        Map.Entry::getValue,
                        (a, b) -> a));
        this.maxBlobBytes = registry.limits().maxBlobSize().toBytes();
    }

    /** The policy a release in {@code namespace} is checked against. */
    public NamespacePublishPolicy forNamespace(String namespace) {
        PublishPolicyProperties.Rules own = byNamespace.get(PackageName.canonicalLabel(namespace));
        PublishPolicy base = PublishPolicy.defaults();
        long maxBytes = pick(own, topLevel, PublishPolicyProperties.Rules::maxSize) == null
                ? Math.min(base.maxBytes(), maxBlobBytes)
                : pick(own, topLevel, PublishPolicyProperties.Rules::maxSize).toBytes();
        PublishPolicy policy = new PublishPolicy(
                maxBytes,
                orElse(pick(own, topLevel, PublishPolicyProperties.Rules::maxNesting), base.maxNesting()),
                orElse(pick(own, topLevel, PublishPolicyProperties.Rules::maxImports), base.maxImports()),
                orElse(pick(own, topLevel, PublishPolicyProperties.Rules::maxExports), base.maxExports()),
                orElse(pick(own, topLevel, PublishPolicyProperties.Rules::maxCoreModules), base.maxCoreModules()),
                orElse(pick(own, topLevel, PublishPolicyProperties.Rules::allowedImports), List.of()),
                orElse(pick(own, topLevel, PublishPolicyProperties.Rules::deniedImports), List.of()));
        boolean allowBreaking =
                orElse(pick(own, topLevel, PublishPolicyProperties.Rules::allowBreakingMinor), Boolean.FALSE);
        return new NamespacePublishPolicy(policy, allowBreaking);
    }

    /**
     * The limits an upload for {@code namespace} is held to; a null namespace (an upload that names
     * none) gets the top-level rules.
     */
    public UploadLimits uploadLimits(String namespace) {
        PublishPolicyProperties.Rules own =
                namespace == null ? null : byNamespace.get(PackageName.canonicalLabel(namespace));
        DataSize size = pick(own, topLevel, PublishPolicyProperties.Rules::maxSize);
        long maxBytes = size == null ? maxBlobBytes : Math.min(size.toBytes(), maxBlobBytes);
        int maxPending = orElse(
                pick(own, topLevel, PublishPolicyProperties.Rules::maxPendingUploads),
                PublishPolicyProperties.DEFAULT_MAX_PENDING_UPLOADS);
        return new UploadLimits(namespace, maxBytes, maxPending);
    }

    /**
     * @param namespace the namespace the limits are of; null for an upload that named none
     * @param maxBytes the largest blob accepted (never above {@code wreg.limits.max-blob-size})
     * @param maxPendingUploads how many unreferenced uploads a token may hold; 0 means no limit
     */
    public record UploadLimits(String namespace, long maxBytes, int maxPendingUploads) {
        /** How the limits' owner reads in a refusal: {@code namespace 'acme'} or {@code the registry}. */
        public String owner() {
            return namespace == null ? "the registry" : "namespace '" + namespace + "'";
        }
    }

    private static <T> T pick(
            PublishPolicyProperties.Rules own,
            PublishPolicyProperties.Rules top,
            Function<PublishPolicyProperties.Rules, T> rule) {
        T value = own == null ? null : rule.apply(own);
        return value != null ? value : rule.apply(top);
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * @param publish the structural rules ({@link dev.wreg.validator.publishpolicy.PublishPolicyCheck})
     * @param allowBreakingMinor whether a bump smaller than the WIT changes is accepted
     */
    public record NamespacePublishPolicy(PublishPolicy publish, boolean allowBreakingMinor) {}
}
