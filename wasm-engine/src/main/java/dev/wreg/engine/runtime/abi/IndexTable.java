package dev.wreg.engine.runtime.abi;

import dev.wreg.engine.runtime.ComponentTrap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The spec's {@code Table}: index 0 unused, freed indices reused (most recently freed first), at
 * most {@code 2^28 - 1} entries. Used for an instance's thread table.
 */
final class IndexTable<T> implements Iterable<T> {
    static final int MAX_LENGTH = (1 << 28) - 1;

    private final List<T> array = new ArrayList<>();
    private final List<Integer> free = new ArrayList<>();

    IndexTable() {
        array.add(null);
    }

    T get(int i, String what) {
        if (i <= 0 || i >= array.size() || array.get(i) == null) {
            throw new ComponentTrap("unknown " + what + " index " + Integer.toUnsignedString(i));
        }
        return array.get(i);
    }

    int add(T e) {
        if (!free.isEmpty()) {
            int i = free.removeLast();
            array.set(i, e);
            return i;
        }
        int i = array.size();
        if (i > MAX_LENGTH) {
            throw new ComponentTrap("table is full");
        }
        array.add(e);
        return i;
    }

    T remove(int i) {
        T e = get(i, "thread");
        array.set(i, null);
        free.add(i);
        return e;
    }

    @Override
    public Iterator<T> iterator() {
        List<T> live = new ArrayList<>();
        for (T t : array) {
            if (t != null) {
                live.add(t);
            }
        }
        return live.iterator();
    }
}
