package dev.wreg.server.compose;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.version.VersionReq;
import dev.wreg.server.refusal.Refusal;

/**
 * A composition input as named in a request: a registry release by requirement, or an uploaded
 * blob by digest. Parsed before a job is created, so a typo is a 400 that stores nothing.
 */
sealed interface InputRef {

    String text();

    /** {@code ns:name@requirement}; no {@code @…} means any version ({@code *}). */
    record Release(PackageName name, VersionReq requirement, String text) implements InputRef {}

    /** {@code sha256:<hex>} of a blob already in the store. */
    record Blob(Digest digest, String text) implements InputRef {}

    static InputRef parse(String what, String text) {
        if (text == null || text.isBlank()) {
            throw Refusal.invalidRequest(what + " is missing");
        }
        try {
            if (text.startsWith("sha256:")) {
                return new Blob(Digest.parse(text), text);
            }
            int at = text.indexOf('@');
            PackageName name = PackageName.parse(at < 0 ? text : text.substring(0, at));
            VersionReq requirement = VersionReq.parse(at < 0 ? "*" : text.substring(at + 1));
            return new Release(name, requirement, text);
        } catch (ProtocolException e) {
            throw Refusal.invalidRequest(
                    what + " '" + text + "' is neither ns:name@requirement nor sha256:<hex>: " + e.getMessage());
        }
    }
}
