package dev.wreg.server.operator;

import dev.wreg.protocol.api.OperatorKeyView;
import dev.wreg.protocol.api.RecordsView;
import dev.wreg.protocol.api.RecordsView.RecordView;
import dev.wreg.server.log.LogEntries;
import dev.wreg.server.refusal.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "operator")
public class OperatorController {

    static final int MAX_PAGE = 1000;

    private final OperatorLog operatorLog;
    private final LogEntries logEntries;

    public OperatorController(OperatorLog operatorLog, LogEntries logEntries) {
        this.operatorLog = operatorLog;
        this.logEntries = logEntries;
    }

    @Operation(summary = "The operator's public key")
    @GetMapping(path = "/v1/operator", produces = MediaType.APPLICATION_JSON_VALUE)
    public OperatorKeyView key() {
        return new OperatorKeyView(operatorLog.key().publicKey().text());
    }

    @Operation(summary = "Operator records from index `from` (at most 1000)")
    @GetMapping(path = "/v1/operator/records", produces = MediaType.APPLICATION_JSON_VALUE)
    public RecordsView records(
            @RequestParam(defaultValue = "0") long from, @RequestParam(defaultValue = "1000") int limit) {
        if (from < 0 || limit < 1 || limit > MAX_PAGE) {
            throw Refusal.invalidRequest("from must be ≥ 0 and limit between 1 and " + MAX_PAGE);
        }
        List<OperatorRecordEntity> rows = operatorLog.records(from, limit);
        Map<String, Long> logIndices = logEntries.indicesOf(
                rows.stream().map(OperatorRecordEntity::recordId).toList());
        return new RecordsView(rows.stream()
                .map(row -> RecordView.of(row.logIndex(), row.recordId(), row.envelope(), logIndices))
                .toList());
    }
}
