package dev.wreg.server.api;

import dev.wreg.server.auth.CallerArgumentResolver;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC's hooks the REST layer uses: handlers receive the authenticated {@code Caller}. Named
 * apart from the web pages' {@code WebConfiguration}: two beans called {@code webConfiguration} stop
 * the context from starting.
 */
@Configuration(value = "apiWebConfiguration", proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    private final CallerArgumentResolver callers;

    public WebConfiguration(CallerArgumentResolver callers) {
        this.callers = callers;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callers);
    }
}
