package dev.wreg.engine.runtime;

/**
 * A trap while running a component: a core trap, a canonical ABI check that failed (bad
 * pointer, invalid UTF-8, a handle misuse, …) or a call into a poisoned instance. The instance the
 * call entered is poisoned afterwards.
 */
public final class ComponentTrap extends RuntimeException {
    public ComponentTrap(String message) {
        super(message);
    }

    public ComponentTrap(String message, Throwable cause) {
        super(message, cause);
    }
}
