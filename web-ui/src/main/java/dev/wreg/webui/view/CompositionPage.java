package dev.wreg.webui.view;

import dev.wreg.webui.html.TrustedHtml;
import java.util.List;

/**
 * A composition job and, once it finished, its report: how imports were wired, what the checks
 * found, what the smoke run printed, the result's WIT and a download.
 *
 * @param status queued, running, succeeded or failed
 * @param pollUrl the URL htmx polls while the job runs (the same page)
 * @param error the reason it failed (code and detail), or null
 */
public record CompositionPage(
        Layout layout,
        String id,
        String status,
        boolean finished,
        String pollUrl,
        List<Input> inputs,
        List<Wiring> wiring,
        List<Check> checks,
        SmokeRun smokeRun,
        TrustedHtml wit,
        Result result,
        Error error)
        implements Page {

    @Override
    public String template() {
        return "composition.jte";
    }

    public record Input(String role, String requested, String release, String url, String digest) {}

    public record Wiring(String consumer, String importName, String provider, String providerExport) {}

    public record Check(String name, boolean passed, String detail) {}

    public record Call(String call, String result, String error) {}

    public record SmokeRun(
            boolean possible, String reason, List<String> unsatisfiedImports, List<Call> calls, long millis) {}

    public record Result(String digest, String size, String downloadUrl) {}

    public record Error(String code, String detail) {}
}
