package dev.wreg.validator.publishpolicy;

import java.util.List;

/**
 * What a component asks of its host: the WASI interfaces it imports (e.g. {@code
 * wasi:filesystem/types@0.2.0}) and every other interface import, both sorted.
 */
public record CapabilitySummary(List<String> wasiInterfaces, List<String> otherInterfaces) {
    public CapabilitySummary {
        wasiInterfaces = List.copyOf(wasiInterfaces);
        otherInterfaces = List.copyOf(otherInterfaces);
    }
}
