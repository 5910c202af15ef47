package dev.wreg.protocol.record;

import dev.wreg.protocol.ProtocolException;
import java.util.Locale;

/** What a key may do in a package log. JSON spells them in lowercase. */
public enum Permission {
    /** Append {@code release} entries. */
    RELEASE,
    /** Append {@code yank}, {@code unyank} and {@code deprecate} entries. */
    YANK,
    /** Append {@code grant} and {@code revoke} entries. */
    GRANT;

    /** The JSON spelling: {@code release}, {@code yank} or {@code grant}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the JSON spelling; code {@code malformed-record} for anything else. */
    public static Permission parse(String text) {
        for (Permission p : values()) {
            if (p.jsonName().equals(text)) {
                return p;
            }
        }
        throw new ProtocolException(
                "malformed-record", "unknown permission \"" + text + "\" (expected release, yank or grant)");
    }
}
