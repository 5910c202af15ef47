package dev.wreg.webui.view;

import java.util.List;

/**
 * An error in the site's look: what happened, what the visitor may have meant, and for a server
 * failure the request ID to quote.
 *
 * @param suggestions close names for a 404 (may be empty)
 * @param requestId the ID the server logged the failure under; null unless it is a 5xx
 */
public record ErrorPage(
        Layout layout, int status, String heading, String message, List<Link> suggestions, String requestId)
        implements Page {

    public ErrorPage {
        suggestions = List.copyOf(suggestions);
    }

    @Override
    public String template() {
        return "error.jte";
    }
}
