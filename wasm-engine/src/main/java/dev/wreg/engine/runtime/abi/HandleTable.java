package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.util.ArrayList;
import java.util.List;

/**
 * A component instance's resource handle table (CanonicalABI.md, "Handle tables"). Index 0 is
 * never used; freed slots are reused. The number of live handles is capped so a guest cannot
 * exhaust the JVM's memory through {@code resource.new}.
 */
public final class HandleTable {

    /** A table entry: an owned or borrowed handle. */
    public static final class Entry {
        final ResourceType type;
        final int rep;
        final boolean own;
        /** For own: how many borrows of it are lent out right now. */
        int lendCount;
        /** For borrow: the call it was lent to (its borrow count drops when it is dropped). */
        final BorrowScope scope;

        Entry(ResourceType type, int rep, boolean own, BorrowScope scope) {
            this.type = type;
            this.rep = rep;
            this.own = own;
            this.scope = scope;
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
    }

    /** Borrows given to one call; all must be dropped before the call returns. */
    public static final class BorrowScope {
        int count;

        public int count() {
            return count;
        }
    }

    private final int maxLive;
    private final List<Object> entries = new ArrayList<>();
    private final ArrayList<Integer> free = new ArrayList<>();
    private int live;

    public HandleTable(int maxLive) {
        this.maxLive = maxLive;
        entries.add(null);
    }

    public synchronized int add(Entry e) {
        if (e.scope != null && live < maxLive) {
            e.scope.count++;
        }
        return addAny(e);
    }

    /**
     * Adds any handle-table element (a resource {@link Entry}, a waitable, a waitable set, an error
     * context); returns its index.
     */
    public synchronized int addAny(Object e) {
        if (live >= maxLive) {
            throw new ComponentTrap("resource handle table is full (" + maxLive + " live handles)");
        }
        live++;
        if (!free.isEmpty()) {
            int i = free.removeLast();
            entries.set(i, e);
            return i;
        }
        entries.add(e);
        return entries.size() - 1;
    }

    public int addOwn(ResourceType type, int rep) {
        return add(new Entry(type, rep, true, null));
    }

    public int addBorrow(ResourceType type, int rep, BorrowScope scope) {
        return add(new Entry(type, rep, false, scope));
    }

    /** The element at {@code index}, whatever it is; traps when there is none. */
    public synchronized Object getAny(int index) {
        Object o = index > 0 && index < entries.size() ? entries.get(index) : null;
        if (o == null) {
            throw new ComponentTrap("unknown handle index " + Integer.toUnsignedString(index));
        }
        return o;
    }

    /** Removes the element at {@code index}, whatever it is; traps when there is none. */
    public synchronized Object removeAny(int index) {
        Object o = getAny(index);
        entries.set(index, null);
        free.add(index);
        live--;
        return o;
    }

    public synchronized Entry get(int index, ResourceType expected) {
        Object o = getAny(index);
        if (!(o instanceof Entry e)) {
            throw new ComponentTrap("handle index " + index + " used with the wrong type: it is not a resource");
        }
        if (expected != null && e.type != expected) {
            throw new ComponentTrap("handle index " + index + " used with the wrong type: it holds a " + e.type.name()
                    + ", expected " + expected.name());
        }
        return e;
    }

    /** Removes an entry, enforcing the own/borrow rules. */
    public synchronized Entry remove(int index, ResourceType expected) {
        Entry e = get(index, expected);
        if (e.own && e.lendCount != 0) {
            throw new ComponentTrap("cannot remove owned resource while borrowed");
        }
        entries.set(index, null);
        free.add(index);
        live--;
        if (e.scope != null) {
            e.scope.count--;
        }
        return e;
    }

    public synchronized int live() {
        return live;
    }
}
