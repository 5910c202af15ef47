package dev.wreg.engine.runtime;

import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.internal.Items;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An instantiated component. Exported functions are called by name with {@link Val}s: a bare
 * name ({@code greet}) finds the one function of that name at the top level or inside an exported
 * interface, {@code ns:pkg/iface#f} (or {@code ns:pkg/iface@1.0.0#f}) names one explicitly.
 * Calls are serialized; after a trap the instance is poisoned and every later call traps.
 */
public final class ComponentInstance implements AutoCloseable {
    private final Map<String, Object> exports;
    private final AtomicReference<String> poison;
    private final dev.wreg.engine.runtime.abi.Store store;

    ComponentInstance(
            Map<String, Object> exports, AtomicReference<String> poison, dev.wreg.engine.runtime.abi.Store store) {
        this.exports = exports;
        this.poison = poison;
        this.store = store;
    }

    /**
     * Ends the instance's async tasks that are still waiting (their fibers end); a later call that
     * needs a new async task traps. Synchronous components hold nothing to close.
     */
    @Override
    public synchronized void close() {
        store.close();
    }

    /** Fibers (suspended async tasks) of this instance that are still alive. */
    public int liveTasks() {
        return store.liveFibers();
    }

    /** The store the instance's tasks run in: async host code posts its completions to it. */
    public dev.wreg.engine.runtime.abi.Store store() {
        return store;
    }

    /** Every exported function, by its full name ({@code f} or {@code iface#f}). */
    public Map<String, FuncType> functions() {
        Map<String, FuncType> out = new LinkedHashMap<>();
        collect("", exports, out, 0);
        return out;
    }

    private static void collect(String prefix, Map<String, Object> exports, Map<String, FuncType> out, int depth) {
        for (var e : exports.entrySet()) {
            if (e.getValue() instanceof Items.FuncItem f) {
                out.put(prefix + e.getKey(), f.func().type());
            } else if (e.getValue() instanceof Items.InstanceItem ii && depth < 4) {
                collect(prefix + e.getKey() + "#", ii.exports(), out, depth + 1);
            }
        }
    }

    /** Resolves a function name as described in the class comment. */
    public Optional<String> resolve(String name) {
        Map<String, FuncType> all = functions();
        if (all.containsKey(name)) {
            return Optional.of(name);
        }
        List<String> matches = new ArrayList<>();
        for (String full : all.keySet()) {
            int hash = full.lastIndexOf('#');
            String bare = hash < 0 ? full : full.substring(hash + 1);
            if (bare.equals(name)) {
                matches.add(full);
            } else if (name.contains("#")) {
                // ns:pkg/iface#f also matches ns:pkg/iface@x.y.z#f
                String iface = full.substring(0, Math.max(hash, 0));
                int at = iface.indexOf('@');
                if (at > 0 && (iface.substring(0, at) + full.substring(hash)).equals(name)) {
                    matches.add(full);
                }
            }
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException(
                    "ambiguous function name `" + name + "`: it could be any of " + String.join(", ", matches));
        }
        return matches.stream().findFirst();
    }

    /** The type of an exported function. */
    public FuncType type(String name) {
        return function(name).type();
    }

    private ComponentFunction function(String name) {
        String full = resolve(name)
                .orElseThrow(() -> new IllegalArgumentException("no exported function named `"
                        + name + "`"
                        + (functions().isEmpty()
                                ? " (the component exports no functions)"
                                : "; exported: " + String.join(", ", functions().keySet()))));
        Object item = lookup(full);
        return ((Items.FuncItem) item).func();
    }

    private Object lookup(String full) {
        Map<String, Object> m = exports;
        String[] parts = full.split("#");
        Object item = null;
        for (int i = 0; i < parts.length; i++) {
            item = m.get(parts[i]);
            if (i < parts.length - 1) {
                m = ((Items.InstanceItem) item).exports();
            }
        }
        return item;
    }

    /**
     * Calls an export. Throws {@link IllegalArgumentException} for an unknown or ambiguous name or
     * arguments that do not fit the signature, and {@link ComponentTrap} when the guest traps.
     */
    public synchronized List<Val> call(String name, List<Val> args) {
        ComponentFunction f = function(name);
        return f.call(args);
    }

    /**
     * Drops an own handle the host received from this instance: it is consumed and the resource's
     * destructor runs (a trap in the destructor poisons the instance).
     */
    public synchronized void drop(Val.Resource resource) {
        var handle = resource.handle();
        if (!handle.own()) {
            throw new IllegalArgumentException("only own handles can be dropped; " + handle + " is a borrow");
        }
        handle.consume();
        var destructor = handle.type().destructor();
        if (destructor != null) {
            try {
                destructor.accept(handle.rep());
            } catch (ComponentTrap e) {
                poison.compareAndSet(null, e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                ComponentTrap trap = new ComponentTrap("wasm trap in destructor: " + e.getMessage(), e);
                poison.compareAndSet(null, trap.getMessage());
                throw trap;
            }
        }
    }

    /** Why the instance is poisoned, if it trapped. */
    public Optional<String> poisoned() {
        return Optional.ofNullable(poison.get());
    }
}
