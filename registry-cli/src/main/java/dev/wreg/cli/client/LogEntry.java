package dev.wreg.cli.client;

import dev.wreg.protocol.dsse.Envelope;

/**
 * One record of a package log or of the operator log, as the registry serves it, with its index in
 * the transparency log ({@code null} when the registry did not say).
 */
public record LogEntry(long index, String recordId, Envelope envelope, Long logIndex) {
    public LogEntry(long index, String recordId, Envelope envelope) {
        this(index, recordId, envelope, null);
    }
}
