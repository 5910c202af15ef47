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
}
