package dev.wreg.server.web;

import dev.wreg.webui.view.Link;
import java.util.List;

/** Nothing lives at the requested page; {@code suggestions} are close names that do. */
public class PageNotFoundException extends RuntimeException {

    private final List<Link> suggestions;

    public PageNotFoundException(String message, List<Link> suggestions) {
        super(message);
        this.suggestions = List.copyOf(suggestions);
    }

    public List<Link> suggestions() {
        return suggestions;
    }
}
