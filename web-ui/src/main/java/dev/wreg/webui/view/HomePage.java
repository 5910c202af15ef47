package dev.wreg.webui.view;

import dev.wreg.webui.html.TrustedHtml;
import java.util.List;

/**
 * The front page: a search box, what was published lately, and how big the registry is.
 *
 * @param logSize entries in the transparency log's latest checkpoint
 */
public record HomePage(Layout layout, long packages, long releases, long logSize, List<RecentRelease> recent)
        implements Page {

    public HomePage {
        recent = List.copyOf(recent);
    }

    @Override
    public String template() {
        return "home.jte";
    }

    /** One recently published release. */
    public record RecentRelease(
            String pkg,
            String version,
            String url,
            Timestamp published,
            TrustedHtml description,
            boolean yanked,
            boolean deprecated) {}
}
