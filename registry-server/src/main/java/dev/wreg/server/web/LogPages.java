package dev.wreg.server.web;

import dev.wreg.server.log.LogExplorer;
import dev.wreg.webui.view.LogEntryPage;
import dev.wreg.webui.view.LogEntryRow;
import dev.wreg.webui.view.LogPage;
import dev.wreg.webui.view.Timestamp;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The log explorer: checkpoint and witnesses, recent entries, one entry with its checked proof. */
@Controller
@Hidden // pages, not part of the REST API
public class LogPages {

    static final int PAGE_SIZE = 25;

    private final LogExplorer explorer;
    private final HtmlResponses html;

    public LogPages(LogExplorer explorer, HtmlResponses html) {
        this.explorer = explorer;
        this.html = html;
    }

    @GetMapping("/log-explorer")
    ResponseEntity<String> log(@RequestParam(required = false) Long before, HttpServletRequest request) {
        return html.ok(logPage(request, before, null));
    }

    /** The lookup form's target: a valid index goes to the entry's page. */
    @GetMapping("/log-explorer/entries")
    ResponseEntity<String> lookup(@RequestParam(defaultValue = "") String index, HttpServletRequest request) {
        long n;
        try {
            n = Long.parseLong(index.strip());
        } catch (NumberFormatException e) {
            return html.status(
                    HttpStatus.BAD_REQUEST,
                    logPage(
                            request,
                            null,
                            "“" + PackagePages.shorten(index) + "” is not an entry index (a whole number)."));
        }
        if (explorer.entry(n).isEmpty()) {
            return html.status(HttpStatus.NOT_FOUND, logPage(request, null, "The log has no entry " + n + "."));
        }
        return AccountPages.seeOther("/log-explorer/entries/" + n);
    }

    @GetMapping("/log-explorer/entries/{index}")
    ResponseEntity<String> entry(@PathVariable String index, HttpServletRequest request) {
        long n;
        try {
            n = Long.parseLong(index);
        } catch (NumberFormatException e) {
            throw new PageNotFoundException("“" + PackagePages.shorten(index) + "” is not an entry index.", List.of());
        }
        LogExplorer.DecodedEntry entry = explorer.entry(n)
                .orElseThrow(() -> new PageNotFoundException("The log has no entry " + n + ".", List.of()));
        LogExplorer.CheckedProof proof = explorer.inclusion(n).orElse(null);
        return html.ok(new LogEntryPage(
                html.layout(request, "Log entry " + n),
                row(entry),
                proof == null ? 0 : proof.checkpointSize(),
                proof == null ? "" : proof.proofText(),
                proof != null && proof.verified(),
                proof == null
                        ? "The current checkpoint does not cover this entry yet; reload in a moment."
                        : proof.finding(),
                "/log/proof/inclusion?index=" + n + (proof == null ? "" : "&size=" + proof.checkpointSize()),
                entry.envelopeJson()));
    }

    private LogPage logPage(HttpServletRequest request, Long before, String lookupError) {
        LogExplorer.Current current = explorer.current();
        long size = current.checkpoint().size();
        long from = before == null || before > size || before < 0 ? size : before;
        List<LogEntryRow> rows =
                explorer.newest(from, PAGE_SIZE).stream().map(LogPages::row).toList();
        long oldest = rows.isEmpty() ? 0 : rows.getLast().index();
        return new LogPage(
                html.layout(request, "Transparency log"),
                current.checkpoint().origin(),
                size,
                Base64.getEncoder().encodeToString(current.checkpoint().rootHash()),
                current.note(),
                current.cosignatures().stream()
                        .map(c -> new LogPage.Cosignature(c.witness(), Timestamp.of(c.received()), c.lines()))
                        .toList(),
                rows,
                oldest > 0 ? "/log-explorer?before=" + oldest : null,
                lookupError);
    }

    static LogEntryRow row(LogExplorer.DecodedEntry e) {
        return new LogEntryRow(
                e.index(),
                "/log-explorer/entries/" + e.index(),
                e.kind(),
                e.pkg(),
                e.pkg() == null ? null : Urls.pkg(e.pkg()),
                e.changes(),
                e.signers(),
                Timestamp.of(e.time()),
                e.recordId());
    }
}
