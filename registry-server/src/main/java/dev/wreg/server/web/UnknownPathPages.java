package dev.wreg.server.web;

import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.ProblemCodes;
import dev.wreg.webui.view.ErrorPage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A path nothing serves: a browser asking for a page gets the site's 404 page, everyone else
 * (the CLI, the API, a tile fetch) the problem+json the API always answers.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class UnknownPathPages {

    private static final List<String> API_PREFIXES =
            List.of("/v1/", "/v2/", "/log/", "/witness/", "/v3/", "/assets/", "/webjars/", "/actuator");

    private final HtmlResponses html;

    public UnknownPathPages(HtmlResponses html) {
        this.html = html;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<?> unknownPath(NoResourceFoundException e, HttpServletRequest request) {
        if (wantsPage(request)) {
            return html.status(
                    HttpStatus.NOT_FOUND,
                    new ErrorPage(
                            html.layout(request, "Not found"),
                            404,
                            "Not found",
                            "There is no page at " + request.getRequestURI() + ".",
                            List.of(),
                            null));
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problem.of(404, ProblemCodes.NOT_FOUND, "no such path: " + request.getRequestURI()));
    }

    static boolean wantsPage(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (API_PREFIXES.stream().anyMatch(path::startsWith)) {
            return false;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }
}
