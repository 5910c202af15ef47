package dev.wreg.server.api;

import dev.wreg.protocol.api.ProblemCodes;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The HTTP status each problem code is answered with, and the code a bare HTTP status implies
 * (Spring's own errors, the container's). The codes themselves are the wire's: {@link ProblemCodes}.
 */
public final class ProblemStatuses {

    private static final Map<String, HttpStatus> STATUS_BY_CODE = Map.ofEntries(
            Map.entry("invalid-name", HttpStatus.BAD_REQUEST),
            Map.entry("invalid-version", HttpStatus.BAD_REQUEST),
            Map.entry("invalid-key", HttpStatus.BAD_REQUEST),
            Map.entry("invalid-digest", HttpStatus.BAD_REQUEST),
            Map.entry("invalid-envelope", HttpStatus.BAD_REQUEST),
            Map.entry("malformed-record", HttpStatus.BAD_REQUEST),
            Map.entry("wrong-package", HttpStatus.BAD_REQUEST),
            Map.entry("bad-signature", HttpStatus.BAD_REQUEST),
            Map.entry("time-regression", HttpStatus.BAD_REQUEST),
            Map.entry("unknown-version", HttpStatus.BAD_REQUEST),
            Map.entry("unauthorized", HttpStatus.FORBIDDEN),
            Map.entry("revoked-key", HttpStatus.FORBIDDEN),
            Map.entry("stale-prev", HttpStatus.CONFLICT),
            Map.entry("version-exists", HttpStatus.CONFLICT),
            Map.entry(ProblemCodes.NAME_CONFLICT, HttpStatus.CONFLICT),
            Map.entry(ProblemCodes.CONFLICT, HttpStatus.CONFLICT),
            Map.entry(ProblemCodes.DIGEST_MISMATCH, HttpStatus.BAD_REQUEST),
            Map.entry(ProblemCodes.NOT_A_COMPONENT, HttpStatus.BAD_REQUEST),
            Map.entry(ProblemCodes.PAYLOAD_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE),
            Map.entry(ProblemCodes.NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(ProblemCodes.INVALID_RANGE, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
            Map.entry(ProblemCodes.STORAGE_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE),
            Map.entry("upload-interrupted", HttpStatus.BAD_REQUEST),
            Map.entry("invalid-key-name", HttpStatus.BAD_REQUEST));

    private ProblemStatuses() {}

    /** The status for a code raised below the REST layer; unknown codes are client errors. */
    public static HttpStatus statusOf(String code) {
        return STATUS_BY_CODE.getOrDefault(code, HttpStatus.BAD_REQUEST);
    }

    /** For codes that a plain HTTP status implies (Spring's own errors, the container's). */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> ProblemCodes.INVALID_REQUEST;
            case 401 -> ProblemCodes.UNAUTHENTICATED;
            case 403 -> ProblemCodes.FORBIDDEN;
            case 404 -> ProblemCodes.NOT_FOUND;
            case 405 -> ProblemCodes.METHOD_NOT_ALLOWED;
            case 406 -> ProblemCodes.NOT_ACCEPTABLE;
            case 409 -> ProblemCodes.CONFLICT;
            case 413 -> ProblemCodes.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemCodes.UNSUPPORTED_MEDIA_TYPE;
            case 416 -> ProblemCodes.INVALID_RANGE;
            case 503 -> ProblemCodes.STORAGE_UNAVAILABLE;
            default -> status >= 500 ? ProblemCodes.INTERNAL_ERROR : ProblemCodes.INVALID_REQUEST;
        };
    }
}
