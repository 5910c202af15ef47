package dev.wreg.webui.view;

import dev.wreg.webui.html.TrustedHtml;
import java.util.List;

/**
 * An interface: its definition, the releases that export it (providers) and those that import it
 * (consumers), each grouped by semver track ({@code 0.2.x}, {@code 1.x}), newest first.
 *
 * @param definitionVersion the interface version the definition is of (the newest seen), or null
 */
public record InterfacePage(
        Layout layout,
        String name,
        TrustedHtml definition,
        String definitionVersion,
        List<Track> providers,
        List<Track> consumers)
        implements Page {

    public InterfacePage {
        providers = List.copyOf(providers);
        consumers = List.copyOf(consumers);
    }

    @Override
    public String template() {
        return "interface.jte";
    }

    /**
     * One semver track of the interface and the releases on it.
     *
     * @param packages how many packages are on the track (the list may be cut short)
     */
    public record Track(String track, List<Party> releases, long packages) {}

    /** A release on a track: linked, with the interface version it uses and its state. */
    public record Party(String release, String url, String interfaceVersion, boolean yanked, boolean deprecated) {}
}
