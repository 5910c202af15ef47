package dev.wreg.server.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do: publish records and blobs, yank (and unyank, deprecate), claim namespaces.
 * {@link #ADMIN} implies every other scope.
 */
public enum Scope {
    PUBLISH,
    YANK,
    CLAIM,
    ADMIN;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromText(String text) {
        for (Scope scope : values()) {
            if (scope.text().equals(text)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
