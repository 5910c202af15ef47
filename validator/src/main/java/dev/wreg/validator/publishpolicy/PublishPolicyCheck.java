package dev.wreg.validator.publishpolicy;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.binary.ExternName;
import dev.wreg.engine.binary.Import;
import dev.wreg.engine.binary.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a component against a namespace's {@link PublishPolicy} and summarises its capabilities.
 * Validation itself is {@link dev.wreg.validator.Validator}'s job; this only reads the structure.
 */
public final class PublishPolicyCheck {
    private PublishPolicyCheck() {}

    public static PublishPolicyResult check(byte[] bytes, PublishPolicy policy) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(policy, "policy");
        List<PublishPolicyViolation> violations = new ArrayList<>();
        if (bytes.length > policy.maxBytes()) {
            violations.add(new PublishPolicyViolation(
                    "max-bytes", "component is " + bytes.length + " bytes, the limit is " + policy.maxBytes()));
            return new PublishPolicyResult(violations, new CapabilitySummary(List.of(), List.of()));
        }
        Component component;
        try {
            component = ComponentDecoder.decode(bytes);
        } catch (ComponentFormatException e) {
            violations.add(new PublishPolicyViolation("not-a-component", e.getMessage()));
            return new PublishPolicyResult(violations, new CapabilitySummary(List.of(), List.of()));
        }
        int nesting = nesting(component);
        if (nesting > policy.maxNesting()) {
            violations.add(new PublishPolicyViolation(
                    "max-nesting", "components nest " + nesting + " deep, the limit is " + policy.maxNesting()));
        }
        List<Import> imports = component.imports();
        if (imports.size() > policy.maxImports()) {
            violations.add(new PublishPolicyViolation(
                    "max-imports", imports.size() + " imports, the limit is " + policy.maxImports()));
        }
        int exports = component.exports().size();
        if (exports > policy.maxExports()) {
            violations.add(new PublishPolicyViolation(
                    "max-exports", exports + " exports, the limit is " + policy.maxExports()));
        }
        int modules = coreModules(component);
        if (modules > policy.maxCoreModules()) {
            violations.add(new PublishPolicyViolation(
                    "max-core-modules", modules + " core modules, the limit is " + policy.maxCoreModules()));
        }
        TreeSet<String> wasi = new TreeSet<>();
        TreeSet<String> other = new TreeSet<>();
        for (Import imp : imports) {
            String name = imp.name().name();
            if (!policy.allowedImports().isEmpty()
                    && policy.allowedImports().stream().noneMatch(p -> matches(p, name))) {
                violations.add(new PublishPolicyViolation(
                        "import-not-allowed", "import `" + name + "` is not on the allowed list"));
            }
            for (String p : policy.deniedImports()) {
                if (matches(p, name)) {
                    violations.add(new PublishPolicyViolation(
                            "import-denied", "import `" + name + "` is denied by `" + p + "`"));
                    break;
                }
            }
            if (imp.name().kind() instanceof ExternName.Kind.Interface i) {
                (i.namespace().equals("wasi") ? wasi : other).add(name);
            }
        }
        return new PublishPolicyResult(violations, new CapabilitySummary(List.copyOf(wasi), List.copyOf(other)));
    }

    /** Glob match; a pattern without {@code @} ignores the name's version. */
    static boolean matches(String pattern, String name) {
        String subject = name;
        if (!pattern.contains("@")) {
            int at = name.indexOf('@');
            if (at >= 0) {
                subject = name.substring(0, at);
            }
        }
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        String re = String.join(".*", parts);
        return Pattern.compile(re).matcher(subject).matches();
    }

    private static int nesting(Component c) {
        int deepest = 0;
        for (Section.NestedComponent n : c.sections(Section.NestedComponent.class)) {
            deepest = Math.max(deepest, 1 + nesting(n.component()));
        }
        return deepest;
    }

    private static int coreModules(Component c) {
        int n = c.sections(Section.CoreModuleSection.class).size();
        for (Section.NestedComponent nc : c.sections(Section.NestedComponent.class)) {
            n += coreModules(nc.component());
        }
        return n;
    }
}
