package dev.wreg.webui.view;

import java.util.List;

/**
 * The compose form: a socket, plugs and smoke calls, each release named {@code ns:name@requirement}
 * with completion from the registry.
 *
 * @param plugs the plug fields' values (always at least as many fields as the form shows)
 * @param errors why the last submission was refused (empty on a fresh form)
 * @param completions release names offered for completion
 */
public record ComposePage(
        Layout layout, String socket, List<String> plugs, String invoke, List<String> errors, List<String> completions)
        implements Page {

    public ComposePage {
        plugs = List.copyOf(plugs);
        errors = List.copyOf(errors);
        completions = List.copyOf(completions);
    }

    @Override
    public String template() {
        return "compose.jte";
    }
}
