package dev.wreg.validator.publishpolicy;

/**
 * One broken rule.
 *
 * @param rule stable kebab-case rule name: {@code max-bytes}, {@code max-nesting}, {@code
 *     max-imports}, {@code max-exports}, {@code max-core-modules}, {@code import-not-allowed},
 *     {@code import-denied}, {@code not-a-component}
 * @param message what is wrong, naming the item
 */
public record PublishPolicyViolation(String rule, String message) {}
