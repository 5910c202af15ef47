package dev.wreg.server.web;

import dev.wreg.protocol.ProtocolException;
import dev.wreg.server.api.ProblemResponses;
import dev.wreg.server.api.RequestIds;
import dev.wreg.server.database.DatabaseOutage;
import dev.wreg.server.refusal.Refusal;
import dev.wreg.webui.view.ErrorPage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Failures of the page controllers as pages in the site's look (the REST API keeps answering
 * problem+json): 404 with close names, 403 for a forged form, 500 with the request ID the
 * failure was logged under, 503 with Retry-After while the database does not answer (as the API),
 * and the API's own refusals with their message.
 */
@ControllerAdvice(basePackageClasses = WebErrorPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WebErrorPages {

    private static final Logger log = LoggerFactory.getLogger(WebErrorPages.class);

    private final HtmlResponses html;

    public WebErrorPages(HtmlResponses html) {
        this.html = html;
    }

    @ExceptionHandler(PageNotFoundException.class)
    ResponseEntity<String> notFound(PageNotFoundException e, HttpServletRequest request) {
        return page(request, HttpStatus.NOT_FOUND, "Not found", e.getMessage(), e.suggestions());
    }

    @ExceptionHandler(CsrfRejectedException.class)
    ResponseEntity<String> csrf(CsrfRejectedException e, HttpServletRequest request) {
        return page(request, HttpStatus.FORBIDDEN, "Form refused", e.getMessage(), List.of());
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<String> refusal(Refusal e, HttpServletRequest request) {
        HttpStatus status = ProblemResponses.statusOf(e.kind());
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            // Overloaded, or the log being reconciled: as the API answers it, 503 with Retry-After.
            log.warn("page {}: unavailable: {}", request.getRequestURI(), e.detail());
            return tryAgain(
                    request, "The registry is busy right now. Nothing was changed; reload the page in a few seconds.");
        }
        if (status.is5xxServerError()) {
            return failure(e, request);
        }
        return page(request, status, status.getReasonPhrase(), e.detail(), List.of());
    }

    @ExceptionHandler(ProtocolException.class)
    ResponseEntity<String> protocol(ProtocolException e, HttpServletRequest request) {
        // A malformed name or version in a URL names nothing.
        return page(request, HttpStatus.NOT_FOUND, "Not found", e.getMessage(), List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> other(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse spring && spring.getStatusCode().is4xxClientError()) {
            HttpStatus status = HttpStatus.valueOf(spring.getStatusCode().value());
            return page(request, status, status.getReasonPhrase(), "The request was not understood.", List.of());
        }
        if (DatabaseOutage.isOutage(e)) {
            // As the API answers it (503 with Retry-After): the database is down or every pooled
            // connection stayed busy past the pool's timeout; the page is fine, try it again.
            log.warn("page {}: database unavailable: {}", request.getRequestURI(), e.getMessage());
            return tryAgain(
                    request,
                    "The registry's database did not answer in time. Nothing was changed; reload the page"
                            + " in a few seconds.");
        }
        return failure(e, request);
    }

    /** A 503 page with Retry-After: nothing is wrong with the page, it can be asked again shortly. */
    private ResponseEntity<String> tryAgain(HttpServletRequest request, String message) {
        ResponseEntity<String> page =
                page(request, HttpStatus.SERVICE_UNAVAILABLE, "Try again in a moment", message, List.of());
        return ResponseEntity.status(page.getStatusCode())
                .headers(headers -> {
                    headers.addAll(page.getHeaders());
                    headers.set(HttpHeaders.RETRY_AFTER, ProblemResponses.RETRY_AFTER_SECONDS);
                })
                .body(page.getBody());
    }

    private ResponseEntity<String> failure(Exception e, HttpServletRequest request) {
        String requestId = RequestIds.of(request);
        log.error("page {} failed (request {})", request.getRequestURI(), requestId, e);
        return html.status(
                HttpStatus.INTERNAL_SERVER_ERROR,
                new ErrorPage(
                        html.layout(request, "Server error"),
                        500,
                        "Something went wrong",
                        "The registry could not show this page. Nothing you did was changed.",
                        List.of(),
                        requestId));
    }

    private ResponseEntity<String> page(
            HttpServletRequest request,
            HttpStatus status,
            String heading,
            String message,
            List<dev.wreg.webui.view.Link> suggestions) {
        return html.status(
                status,
                new ErrorPage(html.layout(request, heading), status.value(), heading, message, suggestions, null));
    }
}
