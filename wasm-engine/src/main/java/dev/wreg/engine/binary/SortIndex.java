package dev.wreg.engine.binary;

/** An index into the index space of {@code sort} ({@code sortidx}). */
public record SortIndex(Sort sort, int index) {}
