package dev.wreg.server.packages;

import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.api.ApiProblem;
import dev.wreg.server.api.ProblemCodes;
import dev.wreg.server.log.LogEntries;
import dev.wreg.server.operator.OperatorController.RecordView;
import dev.wreg.server.operator.OperatorController.RecordsView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "packages")
public class PackageController {

    static final int MAX_RECORDS_PAGE = 1000;
    static final int MAX_PACKAGES_PAGE = 200;

    private final PackageLog packageLog;
    private final LogEntries logEntries;
    private final ReleaseCapabilities capabilities;

    public PackageController(PackageLog packageLog, LogEntries logEntries, ReleaseCapabilities capabilities) {
        this.packageLog = packageLog;
        this.logEntries = logEntries;
        this.capabilities = capabilities;
    }

    @Operation(summary = "A package's state: versions, latest, head record, keys")
    @GetMapping(path = "/v1/packages/{pkg}", produces = MediaType.APPLICATION_JSON_VALUE)
    public PackageStateView state(@PathVariable String pkg) {
        PackageName name = PackageName.parse(pkg);
        return PackageStateView.of(packageLog.state(name), capabilities.of(name));
    }

    @Operation(summary = "A package's records from index `from` (index within the package log, from 0)")
    @GetMapping(path = "/v1/packages/{pkg}/records", produces = MediaType.APPLICATION_JSON_VALUE)
    public RecordsView records(
            @PathVariable String pkg,
            @RequestParam(defaultValue = "0") long from,
            @RequestParam(defaultValue = "1000") int limit) {
        PackageName name = PackageName.parse(pkg);
        if (from < 0 || limit < 1 || limit > MAX_RECORDS_PAGE) {
            throw ApiProblem.badRequest(
                    ProblemCodes.INVALID_REQUEST, "from must be ≥ 0 and limit between 1 and " + MAX_RECORDS_PAGE);
        }
        var rows = packageLog.records(name, from, limit);
        var logIndices = logEntries.indicesOf(
                rows.stream().map(PackageRecordEntity::recordId).toList());
        return new RecordsView(rows.stream()
                .map(row -> RecordView.of(row.recordIndex(), row.recordId(), row.envelope(), logIndices))
                .toList());
    }

    public record PackageListView(java.util.List<PackageSummaryView> packages, int page, int size, long total) {}

    public record PackageSummaryView(
            @com.fasterxml.jackson.annotation.JsonProperty("package")
            String pkg,

            String latest) {}

    @Operation(summary = "Packages by name, one page at a time")
    @GetMapping(path = "/v1/packages", produces = MediaType.APPLICATION_JSON_VALUE)
    public PackageListView list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PACKAGES_PAGE) {
            throw ApiProblem.badRequest(
                    ProblemCodes.INVALID_REQUEST, "page must be ≥ 0 and size between 1 and " + MAX_PACKAGES_PAGE);
        }
        PackageLog.PackagePage result = packageLog.list(page, size);
        return new PackageListView(
                result.packages().stream()
                        .map(summary -> new PackageSummaryView(summary.pkg(), summary.latest()))
                        .toList(),
                result.page(),
                result.size(),
                result.total());
    }
}
