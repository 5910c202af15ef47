package dev.wreg.server.auth;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a handler's {@link Caller} parameter from the {@code Authorization} header, or refuses
 * with 401. Spring resolves parameters in order, so a handler that declares {@code Caller} before
 * its {@code @RequestBody} authenticates before a single byte of the body is read: an anonymous
 * request gets 401, never a 400 about its body.
 */
@Component
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final TokenService tokens;

    public CallerArgumentResolver(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binders) {
        return tokens.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
    }
}
