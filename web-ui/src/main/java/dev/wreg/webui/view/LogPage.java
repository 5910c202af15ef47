package dev.wreg.webui.view;

import java.util.List;

/**
 * The log explorer: the current checkpoint as signed (with its witnesses' cosignatures), the
 * newest entries decoded, and a form to look an entry up by index.
 *
 * @param checkpoint the checkpoint note exactly as served at {@code /log/checkpoint}
 * @param lookupError why the last lookup failed, or null
 */
public record LogPage(
        Layout layout,
        String origin,
        long size,
        String rootHash,
        String checkpoint,
        List<Cosignature> cosignatures,
        List<LogEntryRow> entries,
        String olderUrl,
        String lookupError)
        implements Page {

    public LogPage {
        cosignatures = List.copyOf(cosignatures);
        entries = List.copyOf(entries);
    }

    @Override
    public String template() {
        return "log.jte";
    }

    /** A witness's cosignature of the checkpoint: its name in the policy and its signature lines. */
    public record Cosignature(String witness, Timestamp received, String lines) {}
}
