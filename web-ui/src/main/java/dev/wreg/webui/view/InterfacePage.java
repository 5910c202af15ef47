package dev.wreg.webui.view;

import dev.wreg.webui.html.TrustedHtml;
import java.util.List;

/**
 * An interface: its definition, the releases that export it (providers) and those that import it
 * (consumers), each grouped by semver track ({@code 0.2.x}, {@code 1.x}), newest first.
 */
public record InterfacePage(
        Layout layout, String name, TrustedHtml definition, List<Track> providers, List<Track> consumers)
        implements Page {

    public InterfacePage {
        providers = List.copyOf(providers);
        consumers = List.copyOf(consumers);
    }

    @Override
    public String template() {
        return "interface.jte";
    }

    /** One semver track of the interface and the releases on it. */
    public record Track(String track, List<Link> releases) {}
}
