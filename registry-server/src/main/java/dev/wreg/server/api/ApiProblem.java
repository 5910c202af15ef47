package dev.wreg.server.api;

import dev.wreg.protocol.api.ProblemCodes;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * A request refused with a stable machine-readable {@link #code()}; the REST layer writes it as
 * RFC 9457 problem+json ({@link ProblemResponses}).
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiProblem(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemCodes.NOT_FOUND, detail);
    }

    public static ApiProblem badRequest(String code, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, code, detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, ProblemCodes.FORBIDDEN, detail);
    }

    public static ApiProblem unauthenticated(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, ProblemCodes.UNAUTHENTICATED, detail);
    }

    public static ApiProblem payloadTooLarge(long limitBytes, String what) {
        return new ApiProblem(
                HttpStatus.CONTENT_TOO_LARGE,
                ProblemCodes.PAYLOAD_TOO_LARGE,
                what + " exceeds the limit of " + limitBytes + " bytes");
    }
}
