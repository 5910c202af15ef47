package dev.wreg.server.overload;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Gives Tomcat's connector the {@link BoundedHandlerExecutor} ({@code
 * wreg.overload.max-handlers}) in place of Spring's unbounded virtual-thread executor: ordered
 * after Spring's own customizer, so that its executor is the one replaced.
 */
@Component
class HandlerLimitCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final OverloadProperties properties;
    private final MeterRegistry meters;

    HandlerLimitCustomizer(OverloadProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        BoundedHandlerExecutor executor = new BoundedHandlerExecutor(
                properties.maxHandlers(),
                Thread.ofVirtual().name("tomcat-handler-", 0).factory());
        Gauge.builder("wreg.overload.handlers.queued", executor, BoundedHandlerExecutor::queued)
                .description("Socket events waiting for one of the wreg.overload.max-handlers request handlers")
                .register(meters);
        factory.addProtocolHandlerCustomizers(handler -> handler.setExecutor(executor));
    }

    @Override
    public int getOrder() {
        // Spring Boot's TomcatVirtualThreadsWebServerFactoryCustomizer is 1.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
