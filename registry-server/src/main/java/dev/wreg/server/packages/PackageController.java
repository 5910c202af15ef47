package dev.wreg.server.packages;

import dev.wreg.protocol.api.PackageListView;
import dev.wreg.protocol.api.PackageListView.PackageSummaryView;
import dev.wreg.protocol.api.PackageStateView;
import dev.wreg.protocol.api.RecordsView;
import dev.wreg.protocol.api.RecordsView.RecordView;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.server.log.LogEntries;
import dev.wreg.server.refusal.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "packages")
public class PackageController {

    static final int MAX_RECORDS_PAGE = 1000;
    static final int MAX_PACKAGES_PAGE = 200;

    private final PackageLog packageLog;
    private final LogEntries logEntries;
    private final PackageStateViews views;

    public PackageController(PackageLog packageLog, LogEntries logEntries, PackageStateViews views) {
        this.packageLog = packageLog;
        this.logEntries = logEntries;
        this.views = views;
    }

    @Operation(summary = "A package's state: versions, latest, head record, keys")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = PackageStateView.class)))
    @GetMapping(path = "/v1/packages/{pkg}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> state(
            @PathVariable String pkg,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        PackageName name = PackageName.parse(pkg);
        PackageStateViews.CachedView cached = views.view(name);
        // no-cache: clients and proxies may keep the view but must revalidate, since a publish
        // changes it at any moment; revalidation is a 304 without a body.
        ResponseEntity.BodyBuilder ok =
                ResponseEntity.ok().eTag(cached.entityTag()).cacheControl(CacheControl.noCache());
        if (ifNoneMatch != null && entityTagMatches(ifNoneMatch, cached.entityTag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(cached.entityTag())
                    .cacheControl(CacheControl.noCache())
                    .build();
        }
        // The view's JSON as it was written when the package last changed (see PackageStateViews).
        return ok.contentType(MediaType.APPLICATION_JSON)
                .contentLength(cached.json().length)
                .body(cached.json());
    }

    private static boolean entityTagMatches(String ifNoneMatch, String tag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*") || trimmed.equals(tag) || trimmed.equals("W/" + tag)) {
                return true;
            }
        }
        return false;
    }

    @Operation(summary = "A package's records from index `from` (index within the package log, from 0)")
    @GetMapping(path = "/v1/packages/{pkg}/records", produces = MediaType.APPLICATION_JSON_VALUE)
    public RecordsView records(
            @PathVariable String pkg,
            @RequestParam(defaultValue = "0") long from,
            @RequestParam(defaultValue = "1000") int limit) {
        PackageName name = PackageName.parse(pkg);
        if (from < 0 || limit < 1 || limit > MAX_RECORDS_PAGE) {
            throw Refusal.invalidRequest("from must be ≥ 0 and limit between 1 and " + MAX_RECORDS_PAGE);
        }
        var rows = packageLog.records(name, from, limit);
        var logIndices = logEntries.indicesOf(
                rows.stream().map(PackageRecordEntity::recordId).toList());
        return new RecordsView(rows.stream()
                .map(row -> RecordView.of(row.recordIndex(), row.recordId(), row.envelope(), logIndices))
                .toList());
    }

    @Operation(summary = "Packages by name, one page at a time")
    @GetMapping(path = "/v1/packages", produces = MediaType.APPLICATION_JSON_VALUE)
    public PackageListView list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PACKAGES_PAGE) {
            throw Refusal.invalidRequest("page must be ≥ 0 and size between 1 and " + MAX_PACKAGES_PAGE);
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
