package dev.wreg.server.oci;

import java.util.Objects;

/** A refused OCI request: what went wrong ({@link #error()}) and a message a user can act on. */
public class OciException extends RuntimeException {

    private final OciError error;
    private final String detail;

    public OciException(OciError error, String message) {
        this(error, message, null);
    }

    /** @param detail a machine-readable hint (such as wreg's own problem code), or null */
    public OciException(OciError error, String message, String detail) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
        this.detail = detail;
    }

    public OciError error() {
        return error;
    }

    public String detail() {
        return detail;
    }
}
