package dev.wreg.cli.verify;

import dev.wreg.cli.client.LogEntry;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.SignedOperatorRecord;
import java.util.List;

/**
 * Folds the operator log into namespace owners; {@link OperatorState#apply} checks each record's
 * signature against the operator key, its {@code prev} and its time.
 */
final class OperatorLogReplay {

    private OperatorLogReplay() {}

    static OperatorState replay(PublicKey operatorKey, List<LogEntry> records) {
        OperatorState state = OperatorState.empty(operatorKey);
        for (LogEntry entry : records) {
            SignedOperatorRecord record = SignedOperatorRecord.of(entry.envelope());
            if (!entry.recordId().isEmpty() && !record.id().toString().equals(entry.recordId())) {
                throw new ProtocolException(
                        "malformed-record",
                        "operator record " + entry.index() + " is served as " + entry.recordId()
                                + " but its payload hashes to " + record.id());
            }
            try {
                state = state.apply(record);
            } catch (ProtocolException e) {
                throw new ProtocolException(e.code(), "operator record " + entry.index() + ": " + e.getMessage());
            }
        }
        return state;
    }
}
