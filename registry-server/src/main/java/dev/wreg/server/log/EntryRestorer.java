package dev.wreg.server.log;

/**
 * Puts back into the database a record the log signed but the database no longer holds (it lost
 * its newest commits, or was restored from an older backup). The log's entry bundles hold each
 * record's exact envelope, so the record is re-applied as it was accepted the first time; it then
 * has a log entry again, which {@link LogRecovery} places at its signed index.
 */
public interface EntryRestorer {

    /** The record id of an entry (package or operator record envelope), to look it up by. */
    String recordIdOf(byte[] entry);

    /**
     * Re-applies the record in the caller's transaction, adding its log entry; throws with the
     * reason when the record no longer fits the database's state (it is not the log's history).
     */
    void restore(byte[] entry);

    /** For logs whose entries are not records (tests): nothing can be restored. */
    EntryRestorer NONE = new EntryRestorer() {
        @Override
        public String recordIdOf(byte[] entry) {
            throw new IllegalStateException("this log cannot restore entries");
        }

        @Override
        public void restore(byte[] entry) {
            throw new IllegalStateException("this log cannot restore entries");
        }
    };
}
