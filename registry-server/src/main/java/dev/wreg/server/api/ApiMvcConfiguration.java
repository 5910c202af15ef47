package dev.wreg.server.api;

import dev.wreg.server.auth.CallerArgumentResolver;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Spring MVC's hooks the REST layer uses: handlers receive the authenticated {@code Caller}. */
@Configuration(proxyBeanMethods = false)
public class ApiMvcConfiguration implements WebMvcConfigurer {

    private final CallerArgumentResolver callers;

    public ApiMvcConfiguration(CallerArgumentResolver callers) {
        this.callers = callers;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callers);
    }
}
