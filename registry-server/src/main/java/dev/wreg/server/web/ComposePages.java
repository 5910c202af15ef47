package dev.wreg.server.web;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.CompositionRequest;
import dev.wreg.protocol.api.CompositionView;
import dev.wreg.protocol.api.ReportView;
import dev.wreg.server.compose.CompositionController;
import dev.wreg.server.compose.CompositionJobs;
import dev.wreg.server.compose.CompositionService;
import dev.wreg.server.packages.PackageCatalog;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.webui.html.WitHighlighter;
import dev.wreg.webui.view.ComposePage;
import dev.wreg.webui.view.CompositionPage;
import dev.wreg.webui.view.Layout;
import dev.wreg.webui.view.Sizes;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The compose form and a composition's report. The form is a plain POST: without scripts the
 * server waits for the job as the REST API does and redirects to its page, which reloads itself
 * while the job runs; with htmx the POST answers at once and the job's page polls.
 */
@Controller
@Hidden // pages, not part of the REST API
public record ComposePages(
        CompositionService compositions,
        PackageCatalog catalog,
        WebVisitors visitors,
        WitHighlighter highlighter,
        HtmlResponses html) {

    static final int PLUG_FIELDS = 4;
    static final int COMPLETIONS = 30;

    @GetMapping("/compose")
    ResponseEntity<String> form(HttpServletRequest request) {
        return html.ok(form(request, "", List.of(), "", List.of()));
    }

    /** {@code <option>}s for the release datalist, for whichever field is being typed in. */
    @GetMapping("/compose/completions")
    ResponseEntity<String> completions(
            @RequestParam(required = false) String socket,
            @RequestParam(name = "plug", required = false) List<String> plug,
            @RequestParam(required = false) String q) {
        String typed = q != null ? q : socket != null ? socket : plug == null || plug.isEmpty() ? "" : plug.getFirst();
        return html.fragment(html.pages().completions(catalog.completions(typed, COMPLETIONS)));
    }

    @PostMapping("/compose")
    ResponseEntity<String> compose(
            @RequestParam(defaultValue = "") String socket,
            @RequestParam(name = "plug", required = false) List<String> plug,
            @RequestParam(defaultValue = "") String invoke,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            HttpServletRequest request) {
        WebVisitors.Visitor visitor = visitors.current(request);
        if (!visitor.signedIn()) {
            return AccountPages.seeOther("/signin?next=/compose");
        }
        List<String> plugs = plug == null
                ? List.of()
                : plug.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        List<String> calls = Arrays.stream(invoke.split("\\R"))
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .toList();
        CompositionRequest composition =
                new CompositionRequest(socket.strip(), plugs, false, null, calls.isEmpty() ? null : calls, null);
        boolean scripted = htmx != null;
        CompositionService.Submitted submitted;
        try {
            submitted = compositions.submit(composition, visitor.caller(), scripted);
        } catch (Refusal | ProtocolException refused) {
            // htmx swaps only 2xx answers; without scripts the refusal's status is the honest one.
            return html.status(
                    scripted ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT,
                    form(request, socket, plug == null ? List.of() : plug, invoke, List.of(refused.getMessage())));
        }
        String location = "/compose/" + submitted.id();
        if (scripted) {
            return ResponseEntity.ok().header("HX-Redirect", location).build();
        }
        return AccountPages.seeOther(location);
    }

    @GetMapping("/compose/{id}")
    ResponseEntity<String> job(@PathVariable String id, HttpServletRequest request) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PageNotFoundException("There is no composition " + PackagePages.shorten(id) + ".", List.of());
        }
        CompositionJobs.Job job = compositions
                .find(uuid)
                .orElseThrow(() -> new PageNotFoundException("There is no composition " + id + ".", List.of()));
        return html.ok(page(request, job));
    }

    private ComposePage form(
            HttpServletRequest request, String socket, List<String> plugs, String invoke, List<String> errors) {
        List<String> fields = new ArrayList<>(plugs);
        while (fields.size() < PLUG_FIELDS) {
            fields.add("");
        }
        return new ComposePage(
                html.layout(request, "Compose").withHtmx(),
                socket,
                fields,
                invoke,
                errors,
                catalog.completions("", COMPLETIONS));
    }

    private CompositionPage page(HttpServletRequest request, CompositionJobs.Job job) {
        CompositionView view = CompositionController.view(job);
        boolean finished =
                job.status() == CompositionJobs.Status.SUCCEEDED || job.status() == CompositionJobs.Status.FAILED;
        Layout layout = html.layout(request, "Composition").withHtmx();
        if (!finished) {
            layout = layout.refreshingEvery(2);
        }
        ReportView report = view.report();
        List<CompositionView.InputView> inputs = view.inputs() == null ? List.of() : view.inputs();
        ReportView.SmokeRunView smoke = report == null ? null : report.smokeRun();
        return new CompositionPage(
                layout,
                view.id(),
                view.status(),
                finished,
                "/compose/" + view.id(),
                inputs.stream()
                        .map(in -> new CompositionPage.Input(
                                in.role(),
                                in.requested(),
                                in.pkg() == null ? null : in.pkg() + "@" + in.version(),
                                in.pkg() == null ? null : Urls.release(in.pkg(), in.version()),
                                in.content()))
                        .toList(),
                report == null
                        ? List.of()
                        : report.wiring().stream()
                                .map(w -> new CompositionPage.Wiring(
                                        w.consumer(), w.importName(), w.provider(), w.providerExport()))
                                .toList(),
                report == null
                        ? List.of()
                        : report.checks().stream()
                                .map(c -> new CompositionPage.Check(c.name(), c.passed(), c.detail()))
                                .toList(),
                smoke == null
                        ? null
                        : new CompositionPage.SmokeRun(
                                smoke.possible(),
                                smoke.reason(),
                                smoke.unsatisfiedImports() == null ? List.of() : smoke.unsatisfiedImports(),
                                smoke.calls().stream()
                                        .map(c -> new CompositionPage.Call(c.call(), c.result(), c.error()))
                                        .toList(),
                                smoke.durationMillis()),
                report == null || report.wit() == null
                        ? null
                        : highlighter.highlight(report.wit(), Urls::interfaceOf).html(),
                view.result() == null
                        ? null
                        : new CompositionPage.Result(
                                view.result().digest(),
                                Sizes.bytes(view.result().size()),
                                "/v1/blobs/" + view.result().digest()),
                view.error() == null
                        ? null
                        : new CompositionPage.Error(
                                view.error().code(), view.error().detail()));
    }
}
