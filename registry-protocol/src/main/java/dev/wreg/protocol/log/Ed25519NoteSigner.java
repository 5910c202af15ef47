package dev.wreg.protocol.log;

import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 note signer (signature type 0x01), as a log signs its checkpoints. Its key name should
 * be the log's origin.
 *
 * <p>The private key text form is the one Go's sumdb/note uses:
 * {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 ‖ 32-byte seed)}.
 */
public final class Ed25519NoteSigner implements NoteSigner {
    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private final String keyName;
    private final byte[] seed;
    private final VerifierKey verifierKey;

    private Ed25519NoteSigner(String keyName, byte[] seed) {
        VerifierKey.requireKeyName(keyName, LogException.MALFORMED_KEY);
        if (seed.length != Ed25519.KEY_SIZE) {
            throw new LogException(LogException.MALFORMED_KEY, "an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        this.keyName = keyName;
        this.seed = seed.clone();
        this.verifierKey = VerifierKey.of(keyName, VerifierKey.TYPE_ED25519, Ed25519.publicKey(this.seed));
    }

    /** A signer from a 32-byte RFC 8032 private key seed. */
    public static Ed25519NoteSigner fromSeed(String keyName, byte[] seed) {
        return new Ed25519NoteSigner(keyName, seed);
    }

    /** A signer with a fresh random key. */
    public static Ed25519NoteSigner generate(String keyName) {
        return new Ed25519NoteSigner(keyName, Ed25519.generateSeed());
    }

    /** Parses {@code PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖ seed)>}. */
    public static Ed25519NoteSigner parse(String privateKey) {
        if (!privateKey.startsWith(PRIVATE_PREFIX)) {
            throw new LogException(LogException.MALFORMED_KEY, "private note key must start with PRIVATE+KEY+");
        }
        // Same layout as a vkey after the prefix, but never echo the secret in messages.
        String rest = privateKey.substring(PRIVATE_PREFIX.length());
        int first = rest.indexOf('+');
        int second = first < 0 ? -1 : rest.indexOf('+', first + 1);
        if (first <= 0 || second < 0) {
            throw new LogException(LogException.MALFORMED_KEY, "private note key is not PRIVATE+KEY+<name>+<id>+<key>");
        }
        String name = rest.substring(0, first);
        byte[] material;
        try {
            material = Base64.getDecoder().decode(rest.substring(second + 1));
        } catch (IllegalArgumentException e) {
            throw new LogException(LogException.MALFORMED_KEY, "private note key of " + name + " is not base64");
        }
        if (material.length != 1 + Ed25519.KEY_SIZE || material[0] != VerifierKey.TYPE_ED25519) {
            throw new LogException(LogException.MALFORMED_KEY, "private note key of " + name + " is not Ed25519");
        }
        Ed25519NoteSigner signer = new Ed25519NoteSigner(name, Arrays.copyOfRange(material, 1, material.length));
        if (!VerifierKey.hex(signer.keyId()).equals(rest.substring(first + 1, second))) {
            throw new LogException(LogException.MALFORMED_KEY, "private note key of " + name + " has a wrong key ID");
        }
        Arrays.fill(material, (byte) 0);
        return signer;
    }

    /** The private key text (a secret: store it like one). */
    public String privateKeyText() {
        byte[] material = new byte[1 + Ed25519.KEY_SIZE];
        material[0] = VerifierKey.TYPE_ED25519;
        System.arraycopy(seed, 0, material, 1, Ed25519.KEY_SIZE);
        return PRIVATE_PREFIX + keyName + "+" + VerifierKey.hex(keyId()) + "+"
                + Base64.getEncoder().encodeToString(material);
    }

    public VerifierKey verifierKey() {
        return verifierKey;
    }

    @Override
    public String keyName() {
        return keyName;
    }

    @Override
    public int keyId() {
        return verifierKey.keyId();
    }

    @Override
    public byte[] sign(byte[] text) {
        return Ed25519.sign(seed, text);
    }

    @Override
    public String toString() {
        return "Ed25519NoteSigner[" + verifierKey.text() + "]";
    }
}
