package dev.wreg.engine.runtime.abi;

import java.util.function.IntConsumer;

/**
 * A resource type. Resource types are generative: each instantiation of a component that defines
 * one makes a new {@code ResourceType}, and handles are only interchangeable when the objects are
 * the same. {@code owner} is the component instance that defined it ({@code null} for a
 * host-defined resource); {@code destructor} runs when the last owning handle is dropped.
 */
public final class ResourceType {
    private final String name;
    private final Object owner;
    private volatile IntConsumer destructor;

    public ResourceType(String name, Object owner, IntConsumer destructor) {
        this.name = name;
        this.owner = owner;
        this.destructor = destructor;
    }

    /** A resource type defined by the host; {@code destructor} may be null. */
    public static ResourceType host(String name, IntConsumer destructor) {
        return new ResourceType(name, null, destructor);
    }

    public String name() {
        return name;
    }

    public Object owner() {
        return owner;
    }

    public IntConsumer destructor() {
        return destructor;
    }

    /** Sets the destructor of a resource type defined by a component (done once, while instantiating). */
    public void bindDestructor(IntConsumer destructor) {
        this.destructor = destructor;
    }

    @Override
    public String toString() {
        return "resource " + name;
    }
}
