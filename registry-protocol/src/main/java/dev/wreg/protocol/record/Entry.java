package dev.wreg.protocol.record;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.KeyId;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.version.Version;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One change in a package record. JSON: an object whose {@code "type"} names the variant.
 * Which permission each needs is listed in {@link PackageState}.
 */
public sealed interface Entry {

    /** The JSON {@code type} value. */
    String type();

    /** {@code {"type":"init","key":…}}: creates the package; {@code key} gets every permission. */
    record Init(PublicKey key) implements Entry {
        public Init {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String type() {
            return "init";
        }
    }

    /** {@code {"type":"grant","key":…,"permissions":[…]}}: adds permissions to a key. */
    record Grant(PublicKey key, Set<Permission> permissions) implements Entry {
        public Grant {
            Objects.requireNonNull(key, "key");
            permissions = permissionSet(permissions);
        }

        @Override
        public String type() {
            return "grant";
        }
    }

    /** {@code {"type":"revoke","keyId":…,"permissions":[…]}}: removes permissions from a key. */
    record Revoke(KeyId keyId, Set<Permission> permissions) implements Entry {
        public Revoke {
            Objects.requireNonNull(keyId, "keyId");
            permissions = permissionSet(permissions);
        }

        @Override
        public String type() {
            return "revoke";
        }
    }

    /**
     * {@code {"type":"release","version":…,"content":"sha256:…","size":N}}: publishes a version.
     * A composed component may add {@code "composition":{…}} naming what it was composed from
     * ({@link Composition}); a release the registry signed for an OCI push (wkg publish) adds
     * {@code "via":"oci"}. A release without them is written exactly as before.
     *
     * @param via how the release reached the registry when not through wreg's own API:
     *     {@value #VIA_OCI} or null
     */
    record Release(Version version, Digest content, long size, Composition composition, String via) implements Entry {

        /** {@code via} of a release pushed through the OCI distribution API. */
        public static final String VIA_OCI = "oci";

        public Release {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(content, "content");
            if (size < 0) {
                throw new ProtocolException("malformed-record", "release size must not be negative");
            }
            if (via != null && !via.equals(VIA_OCI)) {
                throw new ProtocolException("malformed-record", "release via must be \"oci\" when present");
            }
        }

        /** A release that is not a composition. */
        public Release(Version version, Digest content, long size) {
            this(version, content, size, null, null);
        }

        /** A release with the provenance of a composition. */
        public Release(Version version, Digest content, long size, Composition composition) {
            this(version, content, size, composition, null);
        }

        public Optional<Composition> provenance() {
            return Optional.ofNullable(composition);
        }

        /** Whether the registry signed this release for a push through its OCI API. */
        public boolean viaOci() {
            return VIA_OCI.equals(via);
        }

        @Override
        public String type() {
            return "release";
        }
    }

    /** {@code {"type":"yank","version":…,"reason":…}}: marks a version as not to be used. */
    record Yank(Version version, String reason) implements Entry {
        public Yank {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String type() {
            return "yank";
        }
    }

    /** {@code {"type":"unyank","version":…}}: undoes a yank. */
    record Unyank(Version version) implements Entry {
        public Unyank {
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String type() {
            return "unyank";
        }
    }

    /** {@code {"type":"deprecate","version":…,"message":…}}: attaches a deprecation notice. */
    record Deprecate(Version version, String message) implements Entry {
        public Deprecate {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String type() {
            return "deprecate";
        }
    }

    private static Set<Permission> permissionSet(Set<Permission> permissions) {
        Objects.requireNonNull(permissions, "permissions");
        if (permissions.isEmpty()) {
            throw new ProtocolException("malformed-record", "a grant or revoke must name at least one permission");
        }
        // EnumSet iterates in declaration order, so the JSON form is deterministic.
        return java.util.Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    }
}
