package dev.wreg.validator.component;

import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.NameAttribute;
import dev.wreg.validator.component.ComponentTypes.BorrowType;
import dev.wreg.validator.component.ComponentTypes.Entity;
import dev.wreg.validator.component.ComponentTypes.FuncEntity;
import dev.wreg.validator.component.ComponentTypes.FuncType;
import dev.wreg.validator.component.ComponentTypes.InstanceEntity;
import dev.wreg.validator.component.ComponentTypes.OwnType;
import dev.wreg.validator.component.ComponentTypes.Param;
import dev.wreg.validator.component.ComponentTypes.ResourceDefinition;
import dev.wreg.validator.component.ComponentTypes.ResultType;
import dev.wreg.validator.component.ComponentTypes.TypeEntity;
import dev.wreg.validator.core.Feature;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rules on import and export names (Explainer.md, "Import and export definitions"): the
 * name's syntax for its kind, no two names equal up to case, attributes ({@code implements},
 * version suffixes), and what annotated names demand of their item: {@code [constructor]R}
 * returns {@code own<R>}, {@code [method]R.m} takes {@code borrow<R>} as {@code self}, {@code
 * [static]R.m} names a known resource.
 */
final class ExternNameRules {
    private final FeatureGate features;

    ExternNameRules(FeatureGate features) {
        this.features = features;
    }

    void check(
            Scope s,
            ExternName en,
            Entity ty,
            boolean export,
            Map<String, String> keys,
            Map<String, Entity> items,
            String desc) {
        check(s, en, ty, export, keys, items, desc, export ? s.exportNames : s.importNames);
    }

    void check(
            Scope s,
            ExternName en,
            Entity ty,
            boolean export,
            Map<String, String> keys,
            Map<String, Entity> items,
            String desc,
            Scope.ResourceNames names) {
        String name = en.name();
        ExternNames.Parsed parsed;
        try {
            parsed = ExternNames.parse(name, features.has(Feature.CM_NESTED_NAMES));
        } catch (ComponentInvalid bad) {
            throw new ComponentInvalid(desc + " name `" + name + "` is not a valid extern name: " + bad.getMessage());
        }
        if (export
                && (parsed.kind() == ExternNames.Kind.HASH
                        || parsed.kind() == ExternNames.Kind.URL
                        || parsed.kind() == ExternNames.Kind.DEPENDENCY)) {
            throw new ComponentInvalid("name `" + name + "` is not a valid export name");
        }
        Set<Class<?>> attributeKinds = new HashSet<>();
        for (NameAttribute a : en.attributes()) {
            if (!attributeKinds.add(a.getClass())) {
                throw new ComponentInvalid("duplicate '"
                        + (a instanceof NameAttribute.Implements
                                ? "implements"
                                : a instanceof NameAttribute.VersionSuffix ? "versionsuffix" : "external-id")
                        + "' option in name `" + name + "`");
            }
            switch (a) {
                case NameAttribute.Implements im -> {
                    features.require(Feature.CM_IMPLEMENTS, "the `cm-implements` feature is not active");
                    if (parsed.kind() != ExternNames.Kind.LABEL) {
                        throw new ComponentInvalid("name `" + name + "` is not valid with `implements`");
                    }
                    if (!(ty instanceof InstanceEntity)) {
                        throw new ComponentInvalid("only instances can have an `implements`");
                    }
                    ExternNames.Parsed ip;
                    try {
                        ip = ExternNames.parse(im.interfaceName(), features.has(Feature.CM_NESTED_NAMES));
                    } catch (ComponentInvalid bad) {
                        throw new ComponentInvalid("`" + im.interfaceName() + "` is not a valid name");
                    }
                    if (ip.kind() != ExternNames.Kind.INTERFACE) {
                        throw new ComponentInvalid("name `" + im.interfaceName() + "` must be an interface");
                    }
                }
                case NameAttribute.VersionSuffix vs -> {
                    features.require(Feature.CM_CANON_NAMES, "the `cm-canon-names` feature is not active");
                    if (!(ty instanceof InstanceEntity)) {
                        throw new ComponentInvalid("only instances can have an `versionsuffix`");
                    }
                }
                case NameAttribute.ExternalId x ->
                    features.require(Feature.CM_IMPLEMENTS, "the `cm-implements` feature is not active");
            }
        }
        validateNameAgainstType(names, parsed, en, ty);
        String prev = keys.put(parsed.key(), name);
        if (prev != null) {
            throw new ComponentInvalid(desc + " name `" + name + "` conflicts with previous name `" + prev + "`");
        }
        if (items.containsKey(name)) {
            throw new ComponentInvalid(desc + " name `" + name + "` conflicts with previous name `" + name + "`");
        }
        if (ty instanceof TypeEntity t
                && t.def() instanceof ResourceDefinition r
                && parsed.kind() == ExternNames.Kind.LABEL) {
            names.byResource.putIfAbsent(r.resource(), name);
            names.all.add(name);
        }
    }

    private void validateNameAgainstType(Scope.ResourceNames s, ExternNames.Parsed parsed, ExternName en, Entity ty) {
        String where = "name `" + en.name() + "` is not valid: ";
        switch (parsed.kind()) {
            case INTERFACE -> {
                String version = parsed.version();
                String suffix = en.attribute(NameAttribute.VersionSuffix.class)
                        .map(NameAttribute.VersionSuffix::suffix)
                        .orElse("");
                if (version != null && !ExternNames.isSemver(version + suffix)) {
                    throw new ComponentInvalid(
                            where + "invalid interface version: `" + version + "` is not a valid semver");
                }
            }
            case CONSTRUCTOR -> {
                FuncType f = funcOf(ty, where);
                if (f.async()) {
                    throw new ComponentInvalid(where + "constructor function cannot be async");
                }
                if (f.result() == null) {
                    throw new ComponentInvalid(where + "function should return one value");
                }
                Integer r = null;
                if (f.result() instanceof OwnType o) {
                    r = o.resource();
                } else if (f.result() instanceof ResultType res && res.ok() instanceof OwnType o) {
                    r = o.resource();
                }
                if (r == null) {
                    throw new ComponentInvalid(where + "function should return `(own $T)` or `(result (own $T))`");
                }
                resourceName(s, r, parsed.resource(), where);
            }
            case METHOD -> {
                FuncType f = funcOf(ty, where);
                if (f.params().isEmpty()) {
                    throw new ComponentInvalid(where + "function should have at least one argument");
                }
                Param first = f.params().getFirst();
                if (!first.name().equals("self")) {
                    throw new ComponentInvalid(where + "function should have a first argument called `self`");
                }
                if (!(first.type() instanceof BorrowType b)) {
                    throw new ComponentInvalid(where + "function should take a first argument of `(borrow $T)`");
                }
                resourceName(s, b.resource(), parsed.resource(), where);
            }
            case STATIC -> {
                funcOf(ty, where);
                if (!s.all.contains(parsed.resource())) {
                    throw new ComponentInvalid(where + "static resource name is not known in this context");
                }
            }
            default -> {}
        }
    }

    private static FuncType funcOf(Entity ty, String where) {
        if (ty instanceof FuncEntity f) {
            return f.func();
        }
        throw new ComponentInvalid(where + "item is not a func");
    }

    private static void resourceName(Scope.ResourceNames s, int resource, String name, String where) {
        String expected = s.byResource.get(resource);
        if (expected == null) {
            throw new ComponentInvalid(where + "resource used in function does not have a name in this context");
        }
        if (!expected.equals(name)) {
            throw new ComponentInvalid(where + "function does not match expected resource name `" + expected + "`");
        }
    }
}
