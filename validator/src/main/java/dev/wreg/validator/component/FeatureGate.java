package dev.wreg.validator.component;

import dev.wreg.validator.core.Feature;
import dev.wreg.validator.core.Features;

/** The enabled features, as the component rules ask about them: a missing one is a verdict. */
final class FeatureGate {
    private final Features features;

    FeatureGate(Features features) {
        this.features = features;
    }

    Features features() {
        return features;
    }

    boolean has(Feature f) {
        return features.has(f);
    }

    void require(Feature f, String message) {
        if (!features.has(f)) {
            throw new ComponentInvalid(message);
        }
    }
}
