package dev.wreg.cli.keys;

import dev.wreg.cli.CliException;

/** The signature schemes a new key can use. */
public enum KeyType {
    ED25519("ed25519"),
    ECDSA_P256("ecdsa-p256");

    private final String label;

    KeyType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static KeyType parse(String text) {
        for (KeyType type : values()) {
            if (type.label.equals(text)) {
                return type;
            }
        }
        throw CliException.usage("key type '" + text + "' is not one of ed25519, ecdsa-p256");
    }
}
