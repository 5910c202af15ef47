package dev.wreg.cli.client;

import dev.wreg.protocol.dsse.Envelope;

/**
 * One record of a package log or of the operator log, as the registry serves it, with its index in
 * the transparency log ({@code null} when the registry did not say) and the exact bytes of its log
 * entry ({@code null} when the registry did not send them; then they are read from the log's entry
 * bundle). When {@code entry} is present, {@code envelope} was parsed from those very bytes.
 */
public record LogEntry(long index, String recordId, Envelope envelope, Long logIndex, byte[] entry) {
    public LogEntry(long index, String recordId, Envelope envelope) {
        this(index, recordId, envelope, null, null);
    }
}
