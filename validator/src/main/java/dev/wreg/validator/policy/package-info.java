/**
 * Publish policy: {@link dev.wreg.validator.policy.PolicyCheck} checks a component against a
 * namespace's {@link dev.wreg.validator.policy.PublishPolicy} (size, nesting, counts, allowed and
 * denied imports) and reports a {@link dev.wreg.validator.policy.CapabilitySummary}.
 */
package dev.wreg.validator.policy;
