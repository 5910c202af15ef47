package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.util.HashMap;
import java.util.Map;

/**
 * The host side of WASI resources: the representation ({@code rep}) a guest handle carries is a key
 * into this table. One table per {@link WasiHost}, so runs never see each other's objects.
 */
final class ResourceTable {
    private final Map<Integer, Object> entries = new HashMap<>();
    private final int max;
    private int next = 1;

    ResourceTable(int max) {
        this.max = max;
    }

    synchronized int add(Object o) {
        if (entries.size() >= max) {
            throw new WasiLimitExceeded("resources", "more than " + max + " live WASI resources");
        }
        while (entries.containsKey(next) || next == 0) {
            next++;
        }
        int rep = next++;
        entries.put(rep, o);
        return rep;
    }

    synchronized <T> T get(int rep, Class<T> type) {
        Object o = entries.get(rep);
        if (!type.isInstance(o)) {
            throw new ComponentTrap("unknown WASI resource " + rep + " (expected " + type.getSimpleName() + ")");
        }
        return type.cast(o);
    }

    synchronized void remove(int rep) {
        Object o = entries.remove(rep);
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a host file on drop: nothing the guest can do about a failure
            }
        }
    }
}
