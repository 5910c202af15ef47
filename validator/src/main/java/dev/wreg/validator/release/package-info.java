/**
 * {@link dev.wreg.validator.release.ReleaseCheck}: the one sequence of checks a release passes
 * (size, header, validation, publish policy, semver), run by the registry before it accepts a
 * release and by {@code wreg publish} before it uploads one.
 */
package dev.wreg.validator.release;
