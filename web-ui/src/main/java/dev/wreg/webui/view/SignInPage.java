package dev.wreg.webui.view;

/**
 * Sign in by pasting an API token.
 *
 * @param error why the last attempt failed, or null
 * @param next where to go after signing in (a local path)
 */
public record SignInPage(Layout layout, String error, String next) implements Page {

    @Override
    public String template() {
        return "signin.jte";
    }
}
