package dev.wreg.server.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The stable problem codes the server answers with, and the HTTP status each protocol or blob
 * code maps to. The protocol's own codes (invalid-name, stale-prev, ...) keep their names.
 */
public final class ProblemCodes {

    public static final String NOT_FOUND = "not-found";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String DIGEST_MISMATCH = "digest-mismatch";
    public static final String NOT_A_COMPONENT = "not-a-component";
    public static final String INVALID_JSON = "invalid-json";
    public static final String INVALID_REQUEST = "invalid-request";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String CONFLICT = "conflict";
    public static final String NAME_CONFLICT = "name-conflict";
    public static final String INVALID_RANGE = "invalid-range";
    public static final String STORAGE_UNAVAILABLE = "storage-unavailable";
    public static final String DATABASE_UNAVAILABLE = "database-unavailable";
    public static final String HEADERS_TOO_LARGE = "headers-too-large";
    public static final String INTERNAL_ERROR = "internal-error";

    public static final String PROBLEM_TYPE_PREFIX = "https://wreg.dev/problems/";

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
            Map.entry(NAME_CONFLICT, HttpStatus.CONFLICT),
            Map.entry(CONFLICT, HttpStatus.CONFLICT),
            Map.entry(DIGEST_MISMATCH, HttpStatus.BAD_REQUEST),
            Map.entry(NOT_A_COMPONENT, HttpStatus.BAD_REQUEST),
            Map.entry(PAYLOAD_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE),
            Map.entry(NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(INVALID_RANGE, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
            Map.entry(STORAGE_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE),
            Map.entry(DATABASE_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE),
            Map.entry("upload-interrupted", HttpStatus.BAD_REQUEST),
            Map.entry("invalid-key-name", HttpStatus.BAD_REQUEST));

    private ProblemCodes() {}

    /** The status for a code raised below the REST layer; unknown codes are client errors. */
    public static HttpStatus statusOf(String code) {
        return STATUS_BY_CODE.getOrDefault(code, HttpStatus.BAD_REQUEST);
    }

    /** For codes that a plain HTTP status implies (Spring's own errors, the container's). */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 416 -> INVALID_RANGE;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> STORAGE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
