package dev.wreg.server.api;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.server.blobs.BlobStoreException;
import dev.wreg.server.database.DatabaseOutage;
import dev.wreg.server.log.LogDivergedException;
import dev.wreg.server.refusal.Refusal;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Writes every failure as {@code application/problem+json} with a stable {@code type} and
 * {@code code}: the services' {@link Refusal}s (the blob store's included), the protocol's
 * refusals, and Spring MVC's own errors (unknown path, wrong method, wrong Content-Type, unreadable
 * body). The one place where a refusal becomes an HTTP status ({@link #statusOf}).
 */
@RestControllerAdvice
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    /** Seconds a client should wait before retrying a 503: outages this short are restarts. */
    public static final String RETRY_AFTER_SECONDS = "2";

    /** The HTTP status each kind of refusal is answered with. */
    public static HttpStatus statusOf(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case OUT_OF_RANGE -> HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case BROKEN -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The code a bare HTTP status implies (Spring's own errors, the container's). */
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
            case 429 -> ProblemCodes.TOO_MANY_REQUESTS;
            case 431 -> ProblemCodes.HEADERS_TOO_LARGE;
            case 503 -> ProblemCodes.STORAGE_UNAVAILABLE;
            default -> status >= 500 ? ProblemCodes.INTERNAL_ERROR : ProblemCodes.INVALID_REQUEST;
        };
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Problem> refusal(Refusal refusal) {
        HttpStatus status = statusOf(refusal.kind());
        if (status == HttpStatus.UNAUTHORIZED) {
            return ResponseEntity.status(status)
                    .contentType(PROBLEM_JSON)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"wreg\"")
                    .body(Problem.of(status.value(), refusal.code(), refusal.detail()));
        }
        return respond(status, refusal.code(), refusal.detail());
    }

    @ExceptionHandler(ProtocolException.class)
    ResponseEntity<Problem> protocol(ProtocolException e) {
        return respond(statusOf(Refusal.kindOf(e)), e.code(), e.getMessage());
    }

    @ExceptionHandler(BlobStoreException.class)
    ResponseEntity<Problem> blobStore(BlobStoreException e) {
        if (e.kind() == Refusal.Kind.UNAVAILABLE || e.kind() == Refusal.Kind.BROKEN) {
            log.warn("blob store failure: {}", e.getMessage(), e);
        }
        return refusal(e);
    }

    /** Never signs into a fork: publishing stops until an operator looks (the log says why). */
    @ExceptionHandler(LogDivergedException.class)
    ResponseEntity<Problem> logDiverged(LogDivergedException e) {
        log.error("the log refuses to sign: {}", e.getMessage());
        return respond(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemCodes.LOG_UNAVAILABLE,
                "the log refuses to sign anything until its operator reconciles it; nothing was committed");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return bodyTooLarge(tooLarge);
            }
            if (cause instanceof StreamConstraintsException limit) {
                return respond(
                        HttpStatus.BAD_REQUEST,
                        ProblemCodes.INVALID_JSON,
                        "JSON refused: " + limit.getOriginalMessage());
            }
        }
        return respond(
                HttpStatus.BAD_REQUEST,
                ProblemCodes.INVALID_JSON,
                "request body is not valid JSON for this endpoint: " + rootMessage(e));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Problem> bodyTooLarge(BodyTooLargeException e) {
        return respond(HttpStatus.CONTENT_TOO_LARGE, ProblemCodes.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Problem> mediaType(HttpMediaTypeNotSupportedException e) {
        String detail = "Content-Type " + (e.getContentType() == null ? "(none)" : e.getContentType())
                + " is not accepted here; use " + MediaType.toString(e.getSupportedMediaTypes());
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemCodes.UNSUPPORTED_MEDIA_TYPE, detail);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Problem> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(
                HttpStatus.BAD_REQUEST,
                ProblemCodes.INVALID_REQUEST,
                "parameter '" + e.getName() + "' has an invalid value");
    }

    /** Spring MVC's own errors (404, 405, 406, missing parameters, ...) carry their status. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> other(Exception e) {
        if (isClientGone(e)) {
            // The client closed the connection (a cancelled download, a timeout on its side): there
            // is nobody to answer and nothing wrong here, so no error and no stack in the log.
            log.debug("client went away: {}", rootMessage(e));
            return null;
        }
        if (e instanceof ErrorResponse spring) {
            int status = spring.getStatusCode().value();
            String detail =
                    spring.getBody().getDetail() != null ? spring.getBody().getDetail() : e.getMessage();
            return respond(HttpStatus.valueOf(status), codeOf(status), detail);
        }
        if (DatabaseOutage.isOutage(e)) {
            log.warn("database unavailable: {}", rootMessage(e));
            return respond(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemCodes.DATABASE_UNAVAILABLE,
                    "the database is unavailable; nothing was changed, retry shortly");
        }
        log.error("unexpected failure", e);
        return respond(
                HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemCodes.INTERNAL_ERROR,
                "internal error; the request was not applied");
    }

    /** Whether {@code e} only says that the client closed the connection while we answered. */
    static boolean isClientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClientAbortException || t instanceof AsyncRequestNotUsableException) {
                return true;
            }
        }
        return false;
    }

    static ResponseEntity<Problem> respond(HttpStatus status, String code, String detail) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(PROBLEM_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return builder.body(Problem.of(status.value(), code, detail));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // Jackson appends the source location and excerpts; the first line says what is wrong.
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
