/**
 * SemVer 2.0.0 versions ({@link dev.wreg.protocol.version.Version}, code {@code invalid-version})
 * and Cargo-style requirements ({@link dev.wreg.protocol.version.VersionReq}, code
 * {@code invalid-version-req}).
 */
package dev.wreg.protocol.version;
