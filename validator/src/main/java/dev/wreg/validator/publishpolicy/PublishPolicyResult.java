package dev.wreg.validator.publishpolicy;

import java.util.List;

/** The verdict of {@link PublishPolicyCheck}: the broken rules (none means accepted) and the capabilities. */
public record PublishPolicyResult(List<PublishPolicyViolation> violations, CapabilitySummary capabilities) {
    public PublishPolicyResult {
        violations = List.copyOf(violations);
    }

    public boolean accepted() {
        return violations.isEmpty();
    }
}
