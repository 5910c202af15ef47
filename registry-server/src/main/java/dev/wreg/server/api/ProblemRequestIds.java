package dev.wreg.server.api;

import dev.wreg.protocol.api.Problem;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Stamps every problem body the controllers and exception handlers answer with the request's ID
 * ({@link RequestIds}), wherever the problem was made: one place instead of every handler.
 */
@ControllerAdvice
public class ProblemRequestIds implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof Problem problem && problem.requestId() == null) {
            String requestId = request instanceof ServletServerHttpRequest servlet
                    ? RequestIds.of(servlet.getServletRequest())
                    : RequestIds.current();
            return problem.withRequestId(requestId);
        }
        return body;
    }
}
