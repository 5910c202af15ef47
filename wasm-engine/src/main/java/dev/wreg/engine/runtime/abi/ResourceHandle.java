package dev.wreg.engine.runtime.abi;

/**
 * A resource handle held outside any component instance's table (by the host, or in flight
 * between two instances). An {@code own} handle is consumed when it is lowered into an instance;
 * using it again traps.
 */
public final class ResourceHandle {
    private final ResourceType type;
    private final int rep;
    private final boolean own;
    private boolean consumed;

    public ResourceHandle(ResourceType type, int rep, boolean own) {
        this.type = type;
        this.rep = rep;
        this.own = own;
    }

    public ResourceType type() {
        return type;
    }

    public int rep() {
        return rep;
    }

    public boolean own() {
        return own;
    }

    public synchronized boolean consumed() {
        return consumed;
    }

    /** Marks an own handle as moved; traps if it already was. */
    public synchronized void consume() {
        if (consumed) {
            throw new dev.wreg.engine.runtime.ComponentTrap(
                    "own handle of " + type.name() + " used after it was transferred");
        }
        if (own) {
            consumed = true;
        }
    }

    @Override
    public String toString() {
        return (own ? "own<" : "borrow<") + type.name() + ">#" + rep;
    }
}
