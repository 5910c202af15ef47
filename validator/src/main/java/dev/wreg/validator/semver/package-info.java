/**
 * WIT semver compatibility: {@link dev.wreg.validator.semver.SemverCheck} lists every change
 * between two releases (added, removed, changed imports and exports, types compared
 * structurally) and names each one the version bump does not cover.
 */
package dev.wreg.validator.semver;
