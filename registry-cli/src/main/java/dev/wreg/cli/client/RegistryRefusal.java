package dev.wreg.cli.client;

import static dev.wreg.protocol.api.ProblemCodes.BAD_SIGNATURE;
import static dev.wreg.protocol.api.ProblemCodes.BLOB_RECLAIMED;
import static dev.wreg.protocol.api.ProblemCodes.CONFLICT;
import static dev.wreg.protocol.api.ProblemCodes.DIGEST_MISMATCH;
import static dev.wreg.protocol.api.ProblemCodes.FORBIDDEN;
import static dev.wreg.protocol.api.ProblemCodes.INVALID_DIGEST;
import static dev.wreg.protocol.api.ProblemCodes.INVALID_ENVELOPE;
import static dev.wreg.protocol.api.ProblemCodes.INVALID_JSON;
import static dev.wreg.protocol.api.ProblemCodes.INVALID_KEY;
import static dev.wreg.protocol.api.ProblemCodes.INVALID_NAME;
import static dev.wreg.protocol.api.ProblemCodes.INVALID_VERSION;
import static dev.wreg.protocol.api.ProblemCodes.MALFORMED_RECORD;
import static dev.wreg.protocol.api.ProblemCodes.NAME_CONFLICT;
import static dev.wreg.protocol.api.ProblemCodes.NOT_A_COMPONENT;
import static dev.wreg.protocol.api.ProblemCodes.NOT_FOUND;
import static dev.wreg.protocol.api.ProblemCodes.PAYLOAD_TOO_LARGE;
import static dev.wreg.protocol.api.ProblemCodes.REVOKED_KEY;
import static dev.wreg.protocol.api.ProblemCodes.STALE_PREV;
import static dev.wreg.protocol.api.ProblemCodes.TIME_REGRESSION;
import static dev.wreg.protocol.api.ProblemCodes.TOO_MANY_PENDING_UPLOADS;
import static dev.wreg.protocol.api.ProblemCodes.UNAUTHENTICATED;
import static dev.wreg.protocol.api.ProblemCodes.UNAUTHORIZED;
import static dev.wreg.protocol.api.ProblemCodes.UNKNOWN_VERSION;
import static dev.wreg.protocol.api.ProblemCodes.UNSUPPORTED_MEDIA_TYPE;
import static dev.wreg.protocol.api.ProblemCodes.VERSION_EXISTS;
import static dev.wreg.protocol.api.ProblemCodes.WRONG_PACKAGE;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import dev.wreg.protocol.api.Problem;
import java.util.Set;

/**
 * A {@link Problem} the registry answered, as the CLI reports it: the exit code it maps to and one
 * line for the user. The mapping goes by the stable {@code code} first and falls back to the HTTP
 * status for codes it does not know.
 */
public record RegistryRefusal(Problem problem) {

    private static final Set<String> NOT_FOUND_CODES = Set.of(NOT_FOUND, UNKNOWN_VERSION);
    private static final Set<String> AUTH_CODES = Set.of(UNAUTHENTICATED, FORBIDDEN, UNAUTHORIZED, REVOKED_KEY);
    /**
     * Clashes with what the registry holds, including the token's pending uploads (publish them or
     * wait until they are reclaimed) and a blob reclaimed before its release committed (publish again).
     */
    private static final Set<String> CONFLICT_CODES = Set.of(
            CONFLICT,
            VERSION_EXISTS,
            NAME_CONFLICT,
            STALE_PREV,
            TIME_REGRESSION,
            TOO_MANY_PENDING_UPLOADS,
            BLOB_RECLAIMED);

    private static final Set<String> INTEGRITY_CODES = Set.of(BAD_SIGNATURE, DIGEST_MISMATCH);
    private static final Set<String> USAGE_CODES = Set.of(
            INVALID_NAME,
            INVALID_VERSION,
            INVALID_KEY,
            INVALID_DIGEST,
            INVALID_ENVELOPE,
            INVALID_JSON,
            MALFORMED_RECORD,
            WRONG_PACKAGE,
            NOT_A_COMPONENT,
            PAYLOAD_TOO_LARGE,
            UNSUPPORTED_MEDIA_TYPE);

    /** An answer with this status and no problem document (or one that could not be read). */
    public static RegistryRefusal ofStatus(int status) {
        return new RegistryRefusal(new Problem(null, null, status, null, null));
    }

    /** A problem recorded inside another answer (a failed composition's {@code error}). */
    public static RegistryRefusal of(int status, String code, String detail) {
        return new RegistryRefusal(new Problem(null, null, status, detail, code));
    }

    public int exitCode() {
        String code = problem.code();
        if (code != null) {
            if (NOT_FOUND_CODES.contains(code)) return ExitCode.NOT_FOUND;
            if (AUTH_CODES.contains(code)) return ExitCode.AUTH;
            if (CONFLICT_CODES.contains(code)) return ExitCode.CONFLICT;
            if (INTEGRITY_CODES.contains(code)) return ExitCode.INTEGRITY;
            if (USAGE_CODES.contains(code)) return ExitCode.USAGE;
        }
        int status = problem.status();
        return switch (status) {
            case 400, 405, 406, 413, 414, 415, 422, 431 -> ExitCode.USAGE;
            case 401, 403 -> ExitCode.AUTH;
            case 404, 410 -> ExitCode.NOT_FOUND;
            case 409, 412 -> ExitCode.CONFLICT;
            case 408, 429, 500, 502, 503, 504 -> ExitCode.UNAVAILABLE;
            default -> status >= 500 ? ExitCode.UNAVAILABLE : ExitCode.SOFTWARE;
        };
    }

    /** One line for the user: what the registry said, with its code and status for reference. */
    public String message(String action) {
        String code = problem.code();
        String detail = problem.detail();
        String title = problem.title();
        String what =
                detail != null && !detail.isBlank() ? detail : title != null && !title.isBlank() ? title : "refused";
        String hint = problem.status() == 401 && (code == null || code.equals(UNAUTHENTICATED))
                ? "; log in with: wreg login --token-stdin, or set WREG_TOKEN"
                : "";
        return action + ": " + what + " (" + (code != null ? code + ", " : "") + "HTTP " + problem.status() + ")"
                + hint;
    }

    public CliException toException(String action) {
        return new CliException(exitCode(), message(action));
    }
}
