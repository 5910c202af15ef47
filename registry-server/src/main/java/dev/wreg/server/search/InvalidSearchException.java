package dev.wreg.server.search;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.refusal.Refusal;

/** A search, interface or dependents request the index refuses to run: a bad parameter. */
public final class InvalidSearchException extends Refusal {

    public InvalidSearchException(String message) {
        super(Kind.INVALID, ProblemCodes.INVALID_QUERY, message);
    }
}
