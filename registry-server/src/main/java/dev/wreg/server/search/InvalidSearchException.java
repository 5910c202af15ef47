package dev.wreg.server.search;

/** A search, interface or dependents request the index refuses to run: a bad parameter. */
public final class InvalidSearchException extends RuntimeException {

    public InvalidSearchException(String message) {
        super(message);
    }
}
