package dev.wreg.server.search;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.refusal.Refusal;
import java.util.List;

/**
 * The index knows no such interface, package or version; {@code suggestions} are the nearest
 * names it does know (by trigram similarity), best first.
 */
public final class NotIndexedException extends Refusal {

    private final List<String> suggestions;

    public NotIndexedException(String message, List<String> suggestions) {
        super(
                Kind.NOT_FOUND,
                ProblemCodes.NOT_FOUND,
                message + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(", ", suggestions) + "?"));
        this.suggestions = List.copyOf(suggestions);
    }

    public List<String> suggestions() {
        return suggestions;
    }
}
