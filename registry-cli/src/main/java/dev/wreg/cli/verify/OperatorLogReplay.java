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
     * Checks that each record is served under its own ID, then folds them with {@link
     * OperatorState#replay}: from the key that signed the first (the key may have been handed over
     * since); the registry's {@code servedKey} must hold the role at the end.
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
        return OperatorState.replay(signed, servedKey);
    }
}
