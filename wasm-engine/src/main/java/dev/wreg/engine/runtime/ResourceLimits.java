package dev.wreg.engine.runtime;

/**
 * Ceilings on what one component instantiation may allocate, across all of its core instances:
 * linear memory in bytes, table elements, and instances (core and component). A guest that goes
 * past one gets a {@link LimitExceededException} naming it ({@code memory}, {@code tables},
 * {@code instances}) instead of exhausting the JVM. Set them with {@link Linker#limits}.
 */
public record ResourceLimits(long maxMemoryBytes, long maxTableElements, int maxInstances) {
    public ResourceLimits {
        if (maxMemoryBytes < 0 || maxTableElements < 0 || maxInstances < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * 4 GiB of memory (the most a 32-bit guest can address, per memory), 10^7 table elements and
     * 10^4 instances: generous enough for any real component, bounded enough that a table bomb
     * cannot take the JVM's heap.
     */
    public static ResourceLimits defaults() {
        return new ResourceLimits(4L << 30, 10_000_000L, 10_000);
    }

    public ResourceLimits withMaxMemoryBytes(long bytes) {
        return new ResourceLimits(bytes, maxTableElements, maxInstances);
    }

    public ResourceLimits withMaxTableElements(long elements) {
        return new ResourceLimits(maxMemoryBytes, elements, maxInstances);
    }

    public ResourceLimits withMaxInstances(int instances) {
        return new ResourceLimits(maxMemoryBytes, maxTableElements, instances);
    }
}
