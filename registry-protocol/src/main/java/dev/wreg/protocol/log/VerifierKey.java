package dev.wreg.protocol.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A C2SP verifier key ("vkey"): {@code <name>+<hex key ID>+base64(type ‖ public key)}.
 *
 * <p>The base64 part may itself contain {@code +}, so a vkey is split on its first two {@code +}
 * only. Signature types 0x01 (Ed25519 note signatures, for logs) and 0x04 (timestamped Ed25519
 * cosignatures, for witnesses) can verify; other types parse, but {@link #verifier()} refuses them.
 *
 * @param keyName the key name (for a log, its origin)
 * @param keyId the 32-bit key ID
 * @param type the signature type byte
 * @param publicKey the public key material that follows the type byte
 */
public record VerifierKey(String keyName, int keyId, int type, byte[] publicKey) {
    /** c2sp.org/signed-note Ed25519 signatures over the note text. */
    public static final int TYPE_ED25519 = 0x01;
    /** c2sp.org/tlog-cosignature timestamped Ed25519 cosignatures (cosignature/v1). */
    public static final int TYPE_ED25519_COSIGNATURE = 0x04;

    public VerifierKey {
        requireKeyName(keyName, LogException.MALFORMED_KEY);
        if (type < 0 || type > 0xff) {
            throw new LogException(LogException.MALFORMED_KEY, "signature type out of range: " + type);
        }
        publicKey = publicKey.clone();
        if ((type == TYPE_ED25519 || type == TYPE_ED25519_COSIGNATURE)) {
            if (!Ed25519.isValidPublicKey(publicKey)) {
                throw new LogException(LogException.MALFORMED_KEY, "key " + keyName + " is not an Ed25519 public key");
            }
            int expected = keyId(keyName, type, publicKey);
            if (expected != keyId) {
                throw new LogException(
                        LogException.MALFORMED_KEY,
                        "key ID of " + keyName + " is " + hex(keyId) + " but its key hashes to " + hex(expected));
            }
        }
    }

    /** The vkey of an Ed25519 public key of the given type, with the recommended key ID. */
    public static VerifierKey of(String keyName, int type, byte[] publicKey) {
        return new VerifierKey(keyName, keyId(keyName, type, publicKey), type, publicKey);
    }

    /** Parses a vkey string. */
    public static VerifierKey parse(String vkey) {
        int first = vkey.indexOf('+');
        int second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
        if (first < 0 || second < 0) {
            throw new LogException(
                    LogException.MALFORMED_KEY,
                    "verifier key is not <name>+<id>+<key>: " + StrictText.abbreviate(vkey));
        }
        String name = vkey.substring(0, first);
        String id = vkey.substring(first + 1, second);
        if (id.length() != 8 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new LogException(
                    LogException.MALFORMED_KEY, "key ID must be 8 lowercase hex digits: " + StrictText.abbreviate(id));
        }
        byte[] material =
                StrictText.base64(vkey.substring(second + 1), LogException.MALFORMED_KEY, "verifier key material");
        if (material.length < 2) {
            throw new LogException(LogException.MALFORMED_KEY, "verifier key " + name + " has no key material");
        }
        return new VerifierKey(
                name,
                (int) Long.parseLong(id, 16),
                material[0] & 0xff,
                Arrays.copyOfRange(material, 1, material.length));
    }

    /** The vkey string. */
    public String text() {
        byte[] material = new byte[publicKey.length + 1];
        material[0] = (byte) type;
        System.arraycopy(publicKey, 0, material, 1, publicKey.length);
        return keyName + "+" + hex(keyId) + "+" + Base64.getEncoder().encodeToString(material);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The verifier for this key: plain Ed25519 over the note text for type 0x01, the cosignature/v1
     * message for type 0x04.
     *
     * @throws LogException {@code malformed-key} for any other signature type
     */
    public NoteVerifier verifier() {
        return switch (type) {
            case TYPE_ED25519 -> new Ed25519NoteVerifier(this);
            case TYPE_ED25519_COSIGNATURE -> new CosignatureVerifier(this);
            default ->
                throw new LogException(
                        LogException.MALFORMED_KEY,
                        "key " + keyName + " has signature type 0x"
                                + HexFormat.of().toHexDigits((byte) type)
                                + ", which wreg cannot verify (supported: 0x01 Ed25519, 0x04 Ed25519 cosignature)");
        };
    }

    /** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] as a big-endian int, the recommended key ID. */
    public static int keyId(String keyName, int type, byte[] publicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(keyName.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update((byte) type);
            sha.update(publicKey);
            return ByteBuffer.wrap(sha.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /**
     * Key names are non-empty and contain no Unicode space, no {@code +} and no control character.
     */
    static void requireKeyName(String name, String code) {
        if (name == null || name.isEmpty()) {
            throw new LogException(code, "key name is empty");
        }
        name.codePoints().forEach(cp -> {
            if (cp == '+' || cp < 0x20 || StrictText.isUnicodeSpace(cp)) {
                throw new LogException(
                        code, "key name contains a space, + or control character: " + StrictText.abbreviate(name));
            }
        });
    }

    static String hex(int keyId) {
        return HexFormat.of().toHexDigits(keyId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey other
                && keyName.equals(other.keyName)
                && keyId == other.keyId
                && type == other.type
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return keyName.hashCode() * 31 + keyId + type * 7 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return text();
    }

    /** Ed25519 over the note text (type 0x01). */
    private record Ed25519NoteVerifier(VerifierKey key) implements NoteVerifier {
        @Override
        public String keyName() {
            return key.keyName();
        }

        @Override
        public int keyId() {
            return key.keyId();
        }

        @Override
        public boolean verify(byte[] text, byte[] signature) {
            return Ed25519.verify(key.publicKey, text, signature);
        }
    }
}
