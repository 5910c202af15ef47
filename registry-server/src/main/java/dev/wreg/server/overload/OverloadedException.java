package dev.wreg.server.overload;

import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.refusal.Refusal;

/** The registry holds as much of this kind of work as it may; nothing of the request was read or stored. */
public final class OverloadedException extends Refusal {

    /** @param what what is counted, in the plural ("requests", "record submissions") */
    public OverloadedException(String what, int limit) {
        super(
                Kind.UNAVAILABLE,
                ProblemCodes.OVERLOADED,
                "the registry is serving as many " + what + " as it takes at once (" + limit
                        + ") and sheds the rest; nothing was stored, retry after the Retry-After delay");
    }
}
