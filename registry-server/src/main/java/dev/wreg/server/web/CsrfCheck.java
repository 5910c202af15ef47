package dev.wreg.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses any state-changing request to a page controller whose form does not carry the
 * visitor's CSRF token: one check for every form, so no handler can forget it. The REST API is
 * not affected (it authenticates with bearer tokens, which browsers never send on their own).
 */
final class CsrfCheck implements HandlerInterceptor {

    private final WebVisitors visitors;

    CsrfCheck(WebVisitors visitors) {
        this.visitors = visitors;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method
                && method.getBeanType().getPackageName().equals(CsrfCheck.class.getPackageName())
                && !isSafe(request.getMethod())
                && !visitors.csrfMatches(request, request.getParameter(WebVisitors.CSRF_FIELD))) {
            throw new CsrfRejectedException();
        }
        return true;
    }

    private static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
