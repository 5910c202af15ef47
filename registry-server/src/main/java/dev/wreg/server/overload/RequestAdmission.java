package dev.wreg.server.overload;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bounds the requests served at once ({@link OverloadLimits#requests()}): once a request has a
 * handler, and before that handler looks up its caller's token or reads anything, it enters the
 * bound or is refused with {@link OverloadedException}, which the web layer answers 503 {@code
 * overloaded} with {@code Retry-After} (problem+json for the API, a page for the site, the OCI
 * error format on {@code /v2/}). So an overloaded replica sheds the excess at once instead of
 * holding every request, and its connection's buffers, while it waits for a database connection.
 *
 * <p>Blob transfers ({@code /v1/blobs/...} and the OCI {@code /v2/<name>/blobs/...}) are not
 * counted: they last as long as their client takes to send or read the bytes, so slow clients
 * would hold the bound and shut everyone out; uploads have their own per-token limits.
 */
@Configuration(proxyBeanMethods = false)
public class RequestAdmission implements WebMvcConfigurer {

    private static final Pattern BLOB_TRANSFER = Pattern.compile("/v1/blobs/.*|/v2/.+/blobs/.*");
    private static final String PERMIT = RequestAdmission.class.getName() + ".permit";

    private final InFlightLimit requests;

    public RequestAdmission(OverloadLimits limits) {
        this.requests = limits.requests();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                        if (counted(request) && request.getAttribute(PERMIT) == null) {
                            request.setAttribute(PERMIT, requests.enter());
                        }
                        return true;
                    }

                    @Override
                    public void afterCompletion(
                            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
                        if (request.getAttribute(PERMIT) instanceof InFlightLimit.Permit permit) {
                            request.removeAttribute(PERMIT);
                            permit.close();
                        }
                    }
                })
                .order(Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * Whether the request counts against the bound: not a blob transfer, not the actuator (health
     * probes and metrics scrapes must answer most when the server is busiest), and only its first
     * dispatch (an error page rendered for it is part of the same request).
     */
    static boolean counted(HttpServletRequest request) {
        String path = request.getRequestURI();
        return request.getDispatcherType() == DispatcherType.REQUEST
                && !path.startsWith("/actuator/")
                && !BLOB_TRANSFER.matcher(path).matches();
    }
}
