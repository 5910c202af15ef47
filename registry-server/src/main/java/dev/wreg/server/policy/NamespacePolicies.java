package dev.wreg.server.policy;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.config.RegistryProperties;
import dev.wreg.validator.policy.PublishPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Resolves the effective {@link EffectivePolicy} of a namespace from {@link PolicyProperties}. */
@Component
public class NamespacePolicies {

    private final PolicyProperties.Rules topLevel;
    private final Map<String, PolicyProperties.Rules> byNamespace;
    private final long maxBlobBytes;

    public NamespacePolicies(PolicyProperties properties, RegistryProperties registry) {
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
    public EffectivePolicy forNamespace(String namespace) {
        PolicyProperties.Rules own = byNamespace.get(PackageName.canonicalLabel(namespace));
        PublishPolicy base = PublishPolicy.defaults();
        long maxBytes = pick(own, topLevel, PolicyProperties.Rules::maxSize) == null
                ? Math.min(base.maxBytes(), maxBlobBytes)
                : pick(own, topLevel, PolicyProperties.Rules::maxSize).toBytes();
        PublishPolicy policy = new PublishPolicy(
                maxBytes,
                orElse(pick(own, topLevel, PolicyProperties.Rules::maxNesting), base.maxNesting()),
                orElse(pick(own, topLevel, PolicyProperties.Rules::maxImports), base.maxImports()),
                orElse(pick(own, topLevel, PolicyProperties.Rules::maxExports), base.maxExports()),
                orElse(pick(own, topLevel, PolicyProperties.Rules::maxCoreModules), base.maxCoreModules()),
                orElse(pick(own, topLevel, PolicyProperties.Rules::allowedImports), List.of()),
                orElse(pick(own, topLevel, PolicyProperties.Rules::deniedImports), List.of()));
        boolean allowBreaking = orElse(pick(own, topLevel, PolicyProperties.Rules::allowBreakingMinor), Boolean.FALSE);
        return new EffectivePolicy(policy, allowBreaking);
    }

    private static <T> T pick(
            PolicyProperties.Rules own, PolicyProperties.Rules top, Function<PolicyProperties.Rules, T> rule) {
        T value = own == null ? null : rule.apply(own);
        return value != null ? value : rule.apply(top);
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /**
     * @param publish the structural rules ({@link dev.wreg.validator.policy.PolicyCheck})
     * @param allowBreakingMinor whether a bump smaller than the WIT changes is accepted
     */
    public record EffectivePolicy(PublishPolicy publish, boolean allowBreakingMinor) {}
}
