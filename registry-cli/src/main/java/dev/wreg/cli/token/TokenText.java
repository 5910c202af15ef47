package dev.wreg.cli.token;

import dev.wreg.protocol.api.TokenView;
import java.util.List;

/** How a token reads in one line of text, for {@code token list} and {@code whoami}. */
public final class TokenText {

    private TokenText() {}

    public static String line(TokenView token) {
        StringBuilder line = new StringBuilder(token.id());
        line.append("  scopes: ").append(join(token.scopes(), "none"));
        line.append("  packages: ").append(join(token.packages(), "any"));
        if (token.revokedAt() != null) {
            line.append("  revoked ").append(token.revokedAt());
        } else if (token.expiresAt() != null) {
            line.append("  expires ").append(token.expiresAt());
        }
        if (token.description() != null && !token.description().isBlank()) {
            line.append("  (").append(token.description()).append(")");
        }
        return line.toString();
    }

    private static String join(List<String> values, String none) {
        return values == null || values.isEmpty() ? none : String.join(", ", values);
    }
}
