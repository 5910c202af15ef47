package dev.wreg.engine.runtime.abi;

/** An {@code error-context} value (📝): an immutable debug message, possibly empty. */
public record ErrorContext(String debugMessage) {}
