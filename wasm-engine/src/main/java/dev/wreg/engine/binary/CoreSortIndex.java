package dev.wreg.engine.binary;

/** An index into a core index space ({@code core:sortidx}). */
public record CoreSortIndex(CoreSort sort, int index) {}
