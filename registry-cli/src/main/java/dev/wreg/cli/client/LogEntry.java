package dev.wreg.cli.client;

import dev.wreg.protocol.dsse.Envelope;

/** One record of a package log or of the operator log, as the registry serves it. */
public record LogEntry(long index, String recordId, Envelope envelope) {}
