package dev.wreg.server.web;

import dev.wreg.server.log.LogEntries;
import dev.wreg.server.namespaces.NamespaceService;
import dev.wreg.server.packages.PackageCatalog;
import dev.wreg.webui.view.NamespacePage;
import dev.wreg.webui.view.Timestamp;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A namespace: who owns it, the record that claimed it, and its packages. */
@Controller
@Hidden // pages, not part of the REST API
public class NamespacePages {

    private final NamespaceService namespaces;
    private final PackageCatalog catalog;
    private final LogEntries logEntries;
    private final HtmlResponses html;

    public NamespacePages(
            NamespaceService namespaces, PackageCatalog catalog, LogEntries logEntries, HtmlResponses html) {
        this.namespaces = namespaces;
        this.catalog = catalog;
        this.logEntries = logEntries;
        this.html = html;
    }

    @GetMapping("/namespaces/{namespace}")
    ResponseEntity<String> namespace(@PathVariable String namespace, HttpServletRequest request) {
        NamespaceService.Claim claim = namespaces
                .claimOf(namespace)
                .orElseThrow(
                        () -> new PageNotFoundException("The namespace " + namespace + " is not claimed.", List.of()));
        List<NamespacePage.OwnerKey> owners = claim.owners().stream()
                .map(key -> new NamespacePage.OwnerKey(key.keyId().value(), key.text()))
                .toList();
        List<NamespacePage.PackageRow> packages = catalog.inNamespace(namespace).stream()
                .map(p -> new NamespacePage.PackageRow(
                        p.pkg(), Urls.pkg(p.pkg()), p.latest(), Timestamp.of(p.updatedAt())))
                .toList();
        return html.ok(new NamespacePage(
                html.layout(request, namespace + " namespace"),
                namespace,
                owners,
                claim.recordId(),
                logEntries.indexOf(claim.recordId()).orElse(null),
                Timestamp.of(claim.claimedAt()),
                packages));
    }
}
