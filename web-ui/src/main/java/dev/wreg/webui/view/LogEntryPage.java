package dev.wreg.webui.view;

/**
 * One log entry with its inclusion proof against the current checkpoint.
 *
 * @param proof the proof as c2sp.org/tlog-proof@v1 text, which a user can check offline
 * @param verified whether the server checked the proof against the checkpoint's root hash and
 *     the checkpoint's signature with the log's key
 * @param verification what the check found, in one sentence
 * @param proofUrl the same proof from the log API, as a file
 * @param envelope the entry: the signed DSSE envelope, as JSON
 */
public record LogEntryPage(
        Layout layout,
        LogEntryRow entry,
        long checkpointSize,
        String proof,
        boolean verified,
        String verification,
        String proofUrl,
        String envelope)
        implements Page {

    @Override
    public String template() {
        return "logEntry.jte";
    }
}
