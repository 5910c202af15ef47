package dev.wreg.protocol.log;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Strict decoders shared by the text formats: exact UTF-8, canonical base64 and decimal. */
final class StrictText {
    private StrictText() {}

    /** Decodes UTF-8, refusing malformed sequences instead of replacing them. */
    static String utf8(byte[] bytes, String code, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LogException(code, what + " is not valid UTF-8");
        }
    }

    /**
     * Standard base64 with padding, and only its canonical spelling (the one our encoder writes), so
     * that two different texts never decode to the same bytes.
     */
    static byte[] base64(String text, String code, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new LogException(code, what + " is not standard base64: " + abbreviate(text));
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new LogException(code, what + " is not canonical base64: " + abbreviate(text));
        }
        return bytes;
    }

    /** A base64 SHA-256 hash (exactly 32 bytes). */
    static byte[] hash(String text, String code, String what) {
        byte[] hash = base64(text, code, what);
        if (hash.length != MerkleHasher.HASH_SIZE) {
            throw new LogException(code, what + " must be a 32-byte hash, got " + hash.length + " bytes");
        }
        return hash;
    }

    /** ASCII decimal without leading zeros (except "0"), within a signed 64-bit value. */
    static long decimal(String text, String code, String what) {
        if (text.isEmpty() || text.length() > 19) {
            throw new LogException(code, what + " is not a decimal number: " + abbreviate(text));
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new LogException(code, what + " is not a decimal number: " + abbreviate(text));
            }
        }
        if (text.length() > 1 && text.charAt(0) == '0') {
            throw new LogException(code, what + " has leading zeros: " + abbreviate(text));
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new LogException(code, what + " is too large: " + text);
        }
    }

    /** Unicode spaces as Go's unicode.IsSpace sees them, which key names must not contain. */
    static boolean isUnicodeSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? "\"" + text + "\"" : "\"" + text.substring(0, 57) + "...\"";
    }
}
