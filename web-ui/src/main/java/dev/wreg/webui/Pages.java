package dev.wreg.webui;

import dev.wreg.webui.view.Page;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * Renders the site's pages from templates that were compiled to Java classes at build time (the
 * jte Maven plugin), so nothing is parsed or compiled while the server runs. jte escapes every
 * value for its HTML context; only {@link dev.wreg.webui.html.TrustedHtml} is written as it is.
 */
public final class Pages {

    private final TemplateEngine engine;

    private Pages(TemplateEngine engine) {
        this.engine = engine;
    }

    /** The precompiled templates on this class's class path. */
    public static Pages precompiled() {
        return new Pages(TemplateEngine.createPrecompiled(
                null, ContentType.Html, Pages.class.getClassLoader(), "gg.jte.generated.precompiled"));
    }

    /** {@code <option>}s for the compose form's release datalist (an htmx fragment). */
    public String completions(java.util.List<String> releases) {
        StringOutput output = new StringOutput(2048);
        engine.render("completions.jte", java.util.List.copyOf(releases), output);
        return output.toString();
    }

    /** The page as an HTML document. */
    public String render(Page page) {
        StringOutput output = new StringOutput(16 * 1024);
        engine.render(page.template(), page, output);
        return output.toString();
    }
}
