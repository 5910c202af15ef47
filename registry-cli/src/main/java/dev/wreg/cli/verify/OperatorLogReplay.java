package dev.wreg.cli.verify;

import dev.wreg.cli.client.LogEntry;
import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.crypto.PublicKey;
import dev.wreg.protocol.record.OperatorState;
import dev.wreg.protocol.record.SignedOperatorRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds the operator log into namespace owners; {@link OperatorState#apply} checks each record's
 * signature against the operator key, its {@code prev} and its time.
 */
final class OperatorLogReplay {

    private OperatorLogReplay() {}

    /**
     * Folds the records from the key that signed the first of them (the key may have been handed
     * over since, {@link OperatorState#firstKey}); the registry's {@code servedKey} must hold the
     * role at the end.
     */
    static OperatorState replay(PublicKey servedKey, List<LogEntry> records) {
        List<SignedOperatorRecord> signed = new ArrayList<>();
        for (LogEntry entry : records) {
            SignedOperatorRecord record = SignedOperatorRecord.of(entry.envelope());
            if (!entry.recordId().isEmpty() && !record.id().toString().equals(entry.recordId())) {
                throw new ProtocolException(
                        "malformed-record",
                        "operator record " + entry.index() + " is served as " + entry.recordId()
                                + " but its payload hashes to " + record.id());
            }
            signed.add(record);
        }
        OperatorState state = OperatorState.empty(OperatorState.firstKey(signed, servedKey));
        for (int i = 0; i < signed.size(); i++) {
            try {
                state = state.apply(signed.get(i));
            } catch (ProtocolException e) {
                throw new ProtocolException(
                        e.code(), "operator record " + records.get(i).index() + ": " + e.getMessage());
            }
        }
        if (!state.operatorKey().equals(servedKey)) {
            throw new ProtocolException(
                    "bad-signature",
                    "the operator log hands the role to " + state.operatorKey().text() + ", but the registry serves "
                            + servedKey.text());
        }
        return state;
    }
}
