/**
 * Package names ({@code namespace:name}, kebab-case labels) and the canonical form used to refuse
 * look-alike names. Errors carry the code {@code invalid-name}.
 */
package dev.wreg.protocol.name;
