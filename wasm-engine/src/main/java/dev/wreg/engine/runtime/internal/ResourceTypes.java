package dev.wreg.engine.runtime.internal;

import dev.wreg.engine.runtime.abi.ResourceType;
import java.util.function.IntConsumer;

/** Access to {@link ResourceType}'s destructor slot for the instantiator. */
final class ResourceTypes {
    private ResourceTypes() {}

    static void setDestructor(ResourceType rt, IntConsumer d) {
        rt.bindDestructor(d);
    }
}
