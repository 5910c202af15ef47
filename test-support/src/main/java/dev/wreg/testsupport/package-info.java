/**
 * What wreg's tests need from outside the repository, found in one place with one rule: the
 * shared data ({@link dev.wreg.testsupport.SharedData}), jco ({@link dev.wreg.testsupport.Jco}),
 * committed golden files ({@link dev.wreg.testsupport.GoldenFile}). Missing, a test skips with one
 * printed line; under the matching {@code -D…required=true} flag (set by {@code .ci/run}) it fails.
 */
package dev.wreg.testsupport;
