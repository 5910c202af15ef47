package dev.wreg.engine.binary;

/** An attribute of an import or export name ({@code attribute}, 🏷️/🔗). */
public sealed interface NameAttribute {

    /** {@code 0x00}: the instance implements interface {@code interfaceName} (🏷️). */
    record Implements(String interfaceName) implements NameAttribute {}

    /** {@code 0x01}: a semver suffix for a canonical interface version (🔗). */
    record VersionSuffix(String suffix) implements NameAttribute {}

    /** {@code 0x02}: an external identifier (🏷️). */
    record ExternalId(String id) implements NameAttribute {}
}
