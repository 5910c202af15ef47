package dev.wreg.protocol.record;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.name.PackageName;
import java.util.List;
import java.util.Objects;

/** One change in an operator record. JSON: an object whose {@code "type"} names the variant. */
public sealed interface OperatorEntry {

    /** The JSON {@code type} value. */
    String type();

    /**
     * {@code {"type":"namespace","namespace":"example","owners":["ed25519:…"]}}: claims a
     * namespace, or replaces the owners of one already claimed. Only an owner key may
     * {@code init} a package in the namespace.
     */
    record Namespace(String namespace, List<PublicKey> owners) implements OperatorEntry {
        public Namespace {
            Objects.requireNonNull(namespace, "namespace");
            if (!PackageName.isValidLabel(namespace)) {
                throw new ProtocolException(
                        "invalid-name",
                        "namespace \"" + RecordJson.shorten(namespace) + "\" is not a lowercase kebab-case label");
            }
            owners = List.copyOf(owners);
            if (owners.isEmpty()) {
                throw new ProtocolException("malformed-record", "a namespace needs at least one owner key");
            }
            if (owners.stream().distinct().count() != owners.size()) {
                throw new ProtocolException("malformed-record", "namespace owners list a key twice");
            }
        }

        @Override
        public String type() {
            return "namespace";
        }
    }

    /**
     * {@code {"type":"operator-key","previous":"ed25519:…","next":"ed25519:…"}}: hands the operator
     * role from {@code previous} (the key that signs this record) to {@code next}, which signs every
     * later operator record and checkpoint. Alone in its record. A client that pinned
     * {@code previous} follows the hand-over because the key it trusts signed it; one that pinned
     * {@code next} finds the records before it vouched for by the chain of such entries.
     */
    record KeyRotation(PublicKey previous, PublicKey next) implements OperatorEntry {
        public KeyRotation {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(next, "next");
            // The operator key is also the log's note key, and C2SP notes sign with Ed25519.
            if (!previous.algorithm().equals("ed25519") || !next.algorithm().equals("ed25519")) {
                throw new ProtocolException("malformed-record", "operator keys are ed25519 keys");
            }
            if (previous.equals(next)) {
                throw new ProtocolException("malformed-record", "a key rotation must name a new key");
            }
        }

        @Override
        public String type() {
            return "operator-key";
        }
    }
}
