package dev.wreg.cli.client;

import dev.wreg.cli.CliException;
import dev.wreg.cli.ExitCode;
import java.util.Set;

/**
 * An RFC 9457 problem answer from the registry, and the exit code it maps to. The mapping goes
 * by the stable {@code code} first and falls back to the HTTP status for codes it does not know.
 */
public record Problem(int status, String code, String title, String detail) {

    private static final Set<String> NOT_FOUND = Set.of("not-found", "unknown-version");
    private static final Set<String> AUTH = Set.of("unauthenticated", "forbidden", "unauthorized", "revoked-key");
    private static final Set<String> CONFLICT =
            Set.of("conflict", "version-exists", "name-conflict", "stale-prev", "time-regression");
    private static final Set<String> INTEGRITY = Set.of("bad-signature", "digest-mismatch");
    private static final Set<String> USAGE = Set.of(
            "invalid-name",
            "invalid-version",
            "invalid-key",
            "invalid-digest",
            "invalid-envelope",
            "invalid-json",
            "malformed-record",
            "wrong-package",
            "not-a-component",
            "payload-too-large",
            "unsupported-media-type");

    public int exitCode() {
        if (code != null) {
            if (NOT_FOUND.contains(code)) return ExitCode.NOT_FOUND;
            if (AUTH.contains(code)) return ExitCode.AUTH;
            if (CONFLICT.contains(code)) return ExitCode.CONFLICT;
            if (INTEGRITY.contains(code)) return ExitCode.INTEGRITY;
            if (USAGE.contains(code)) return ExitCode.USAGE;
        }
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
        String what =
                detail != null && !detail.isBlank() ? detail : title != null && !title.isBlank() ? title : "refused";
        String hint = status == 401 && (code == null || code.equals("unauthenticated"))
                ? "; log in with: wreg login --token-stdin, or set WREG_TOKEN"
                : "";
        return action + ": " + what + " (" + (code != null ? code + ", " : "") + "HTTP " + status + ")" + hint;
    }

    public CliException toException(String action) {
        return new CliException(exitCode(), message(action));
    }
}
