package dev.wreg.server.api;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.server.blobs.BlobStoreException;
import dev.wreg.server.database.DatabaseOutage;
import dev.wreg.server.log.LogDivergedException;
import dev.wreg.server.log.LogUnavailableException;
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
 * {@code code}: our own refusals, the protocol's and the blob store's typed exceptions, and
 * Spring MVC's own errors (unknown path, wrong method, wrong Content-Type, unreadable body).
 */
@RestControllerAdvice
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    /** Seconds a client should wait before retrying a 503: outages this short are restarts. */
    public static final String RETRY_AFTER_SECONDS = "2";

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Problem> apiProblem(ApiProblem problem) {
        if (problem.status() == HttpStatus.UNAUTHORIZED) {
            return ResponseEntity.status(problem.status())
                    .contentType(PROBLEM_JSON)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"wreg\"")
                    .body(Problem.of(problem.status().value(), problem.code(), problem.detail()));
        }
        return respond(problem.status(), problem.code(), problem.detail());
    }

    @ExceptionHandler(ProtocolException.class)
    ResponseEntity<Problem> protocol(ProtocolException e) {
        return respond(ProblemCodes.statusOf(e.code()), e.code(), e.getMessage());
    }

    @ExceptionHandler(BlobStoreException.class)
    ResponseEntity<Problem> blobStore(BlobStoreException e) {
        HttpStatus status = ProblemCodes.statusOf(e.code());
        if (status.is5xxServerError()) {
            log.warn("blob store failure: {}", e.getMessage(), e);
        }
        return respond(status, e.code(), e.getMessage());
    }

    @ExceptionHandler(LogUnavailableException.class)
    ResponseEntity<Problem> logUnavailable(LogUnavailableException e) {
        return respond(HttpStatus.SERVICE_UNAVAILABLE, LogUnavailableException.CODE, e.getMessage());
    }

    /** Never signs into a fork: publishing stops until an operator looks (the log says why). */
    @ExceptionHandler(LogDivergedException.class)
    ResponseEntity<Problem> logDiverged(LogDivergedException e) {
        log.error("the log refuses to sign: {}", e.getMessage());
        return respond(
                HttpStatus.SERVICE_UNAVAILABLE,
                LogUnavailableException.CODE,
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
            return respond(HttpStatus.valueOf(status), ProblemCodes.codeOf(status), detail);
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
