package dev.wreg.engine.wit;

import java.util.Objects;

/**
 * A WIT package name {@code namespace:name@version}; the version is optional and kept as written
 * (it is valid SemVer when it comes from the parser or a component).
 */
public record WitPackageName(String namespace, String name, String version) {
    public WitPackageName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** The name without version, {@code ns:name}. */
    public String unversioned() {
        return namespace + ":" + name;
    }

    /** The interface id {@code ns:name/iface@version} as used in component import names. */
    public String interfaceId(String interfaceName) {
        return unversioned() + "/" + interfaceName + (version == null ? "" : "@" + version);
    }

    @Override
    public String toString() {
        return unversioned() + (version == null ? "" : "@" + version);
    }
}
