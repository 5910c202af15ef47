package dev.wreg.engine.runtime;

import java.util.List;

/**
 * The component cannot be instantiated with what the {@link Linker} provides: an import is
 * missing or has the wrong shape. {@link #unsatisfied()} names the imports nobody provided.
 */
public final class LinkException extends RuntimeException {
    private final List<String> unsatisfied;

    public LinkException(String message) {
        this(message, List.of());
    }

    public LinkException(String message, List<String> unsatisfied) {
        super(message);
        this.unsatisfied = List.copyOf(unsatisfied);
    }

    /** Top-level import names that were not provided (empty for other link errors). */
    public List<String> unsatisfied() {
        return unsatisfied;
    }
}
