package dev.wreg.webui.view;

import java.util.List;

/**
 * The signed-in token and the tokens it created: list, create (the new token is shown once),
 * revoke.
 *
 * @param created the token text just created, shown this once; null otherwise
 * @param canCreate whether the signed-in token may create tokens (admin scope)
 * @param error why the last form was refused, or null
 */
public record TokensPage(
        Layout layout,
        TokenRow current,
        List<TokenRow> tokens,
        NewToken created,
        boolean canCreate,
        String error,
        String message)
        implements Page {

    public TokensPage {
        tokens = List.copyOf(tokens);
    }

    @Override
    public String template() {
        return "tokens.jte";
    }

    /** A token as listed: never its text, which is not stored. */
    public record TokenRow(
            String id,
            String description,
            List<String> scopes,
            List<String> packages,
            Timestamp created,
            Timestamp expires,
            Timestamp revoked) {

        public TokenRow {
            scopes = List.copyOf(scopes);
            packages = List.copyOf(packages);
        }

        public boolean active() {
            return revoked == null;
        }
    }

    /** A token just created: its id and its text. */
    public record NewToken(String id, String token) {}
}
