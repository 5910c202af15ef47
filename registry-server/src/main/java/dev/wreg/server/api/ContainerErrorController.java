package dev.wreg.server.api;

import dev.wreg.protocol.api.Problem;
import dev.wreg.protocol.api.ProblemCodes;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (by Tomcat or a filter) are forwarded to {@code /error}; this
 * keeps them problem+json like everything else instead of Spring Boot's default error JSON.
 */
@Hidden // the container's error path, not an API operation
@RestController
public class ContainerErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Problem> error(HttpServletRequest request) {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer value ? value : 500;
        HttpStatus httpStatus = HttpStatus.resolve(status);
        if (httpStatus == null || !httpStatus.isError()) {
            httpStatus = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof BodyTooLargeException tooLarge) {
            return ProblemResponses.respond(
                    HttpStatus.CONTENT_TOO_LARGE, ProblemCodes.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
        }
        String detail = httpStatus.is5xxServerError() ? "internal error" : httpStatus.getReasonPhrase();
        return ProblemResponses.respond(httpStatus, ProblemResponses.codeOf(httpStatus.value()), detail);
    }
}
