/**
 * Publish policy: {@link dev.wreg.validator.publishpolicy.PublishPolicyCheck} checks a component against a
 * namespace's {@link dev.wreg.validator.publishpolicy.PublishPolicy} (size, nesting, counts, allowed and
 * denied imports) and reports a {@link dev.wreg.validator.publishpolicy.CapabilitySummary}.
 */
package dev.wreg.validator.publishpolicy;
