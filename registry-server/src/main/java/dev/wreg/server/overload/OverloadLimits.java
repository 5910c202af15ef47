package dev.wreg.server.overload;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The replica's in-flight bounds ({@link OverloadProperties}): every request but blob transfers
 * and the actuator ({@link RequestAdmissionFilter}), and record submissions, which the publish
 * controller admits before it reads the envelope.
 */
@Component
public class OverloadLimits {

    private final InFlightLimit requests;
    private final InFlightLimit publishes;
    private volatile OverloadProperties properties;

    public OverloadLimits(OverloadProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.requests = new InFlightLimit("request", "requests", properties.maxRequestsInFlight(), meters);
        this.publishes = new InFlightLimit("publish", "record submissions", properties.maxPublishesInFlight(), meters);
    }

    public InFlightLimit requests() {
        return requests;
    }

    public InFlightLimit publishes() {
        return publishes;
    }

    /** The bounds in force. */
    public OverloadProperties properties() {
        return properties;
    }

    /** Puts other bounds in force (tests try small ones on the shared server). */
    public void configure(OverloadProperties properties) {
        requests.limit(properties.maxRequestsInFlight());
        publishes.limit(properties.maxPublishesInFlight());
        this.properties = properties;
    }
}
