package dev.wreg.server.api;

import java.io.IOException;

/** Thrown from a bounded request stream once a body passes its limit; reading stops there. */
public final class BodyTooLargeException extends IOException {

    private final long limitBytes;

    public BodyTooLargeException(long limitBytes) {
        super("request body exceeds the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
