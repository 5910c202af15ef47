package dev.wreg.validator.policy;

import java.util.List;

/** The verdict of {@link PolicyCheck}: the broken rules (none means accepted) and the capabilities. */
public record PolicyResult(List<PolicyViolation> violations, CapabilitySummary capabilities) {
    public PolicyResult {
        violations = List.copyOf(violations);
    }

    public boolean accepted() {
        return violations.isEmpty();
    }
}
