package dev.wreg.webui.view;

import java.util.List;

/**
 * One log entry, decoded: what kind of record it holds, for which package, what it changes, and
 * who signed it.
 *
 * @param kind "package record" or "operator record" (or "unreadable entry")
 * @param pkg the package, null for operator records
 * @param changes one line per entry of the record ("release 1.0.0", "yank 0.1.0", …)
 */
public record LogEntryRow(
        long index,
        String url,
        String kind,
        String pkg,
        String pkgUrl,
        List<String> changes,
        List<String> signers,
        Timestamp time,
        String recordId) {

    public LogEntryRow {
        changes = List.copyOf(changes);
        signers = List.copyOf(signers);
    }
}
