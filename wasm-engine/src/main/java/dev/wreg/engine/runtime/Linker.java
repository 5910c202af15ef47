package dev.wreg.engine.runtime;

import dev.wreg.engine.runtime.abi.ResourceType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host provides to satisfy a component's imports: top-level functions and instances by
 * interface name ({@code wasi:cli/stdout@0.2.12}). An import names a version; a provided instance
 * with the same package and interface matches it when the versions are semver-compatible (same
 * major, or same {@code 0.minor} below 1.0), and the highest compatible one wins, as in wasmtime.
 * Not thread-safe while being configured; instantiation only reads it.
 */
public final class Linker {

    /** A host instance: functions and resource types by export name. */
    public static final class HostInstance {
        final Map<String, HostFunction> functions = new LinkedHashMap<>();
        final Map<String, ResourceType> resources = new LinkedHashMap<>();

        public HostInstance func(String name, HostFunction f) {
            functions.put(Objects.requireNonNull(name), Objects.requireNonNull(f));
            return this;
        }

        /**
         * Defines a host function whose results come later (see {@link AsyncHostFunction}); a guest
         * calling it from an async task blocks only that task.
         */
        public HostInstance asyncFunc(String name, AsyncHostFunction f) {
            functions.put(Objects.requireNonNull(name), Objects.requireNonNull(f));
            return this;
        }

        /** Defines (or returns) the host resource type exported as {@code name}. */
        public ResourceType resource(String name) {
            return resources.computeIfAbsent(name, n -> ResourceType.host(n, null));
        }

        public HostInstance resource(String name, ResourceType type) {
            resources.put(name, type);
            return this;
        }

        public Optional<HostFunction> function(String name) {
            return Optional.ofNullable(functions.get(name));
        }
    }

    private final Map<String, HostFunction> functions = new LinkedHashMap<>();
    private final Map<String, HostInstance> instances = new LinkedHashMap<>();
    private final Map<String, ResourceType> resources = new LinkedHashMap<>();
    private int maxHandles = 1_000_000;
    private ResourceLimits limits = ResourceLimits.defaults();

    public Linker func(String name, HostFunction f) {
        functions.put(Objects.requireNonNull(name), Objects.requireNonNull(f));
        return this;
    }

    /** A top-level host function whose results come later (see {@link AsyncHostFunction}). */
    public Linker asyncFunc(String name, AsyncHostFunction f) {
        functions.put(Objects.requireNonNull(name), Objects.requireNonNull(f));
        return this;
    }

    /** Defines (or returns) the host resource type imported at the top level as {@code name}. */
    public ResourceType resource(String name) {
        return resources.computeIfAbsent(Objects.requireNonNull(name), n -> ResourceType.host(n, null));
    }

    /** Provides {@code type} for the top-level resource import {@code name}. */
    public Linker resource(String name, ResourceType type) {
        resources.put(Objects.requireNonNull(name), Objects.requireNonNull(type));
        return this;
    }

    public Optional<ResourceType> findResource(String name) {
        return Optional.ofNullable(resources.get(name));
    }

    /** The host instance named {@code name}, created on first use. */
    public HostInstance instance(String name) {
        return instances.computeIfAbsent(Objects.requireNonNull(name), n -> new HostInstance());
    }

    /** The cap on live handles in each component instance's handle table (default 10^6). */
    public Linker maxHandles(int max) {
        this.maxHandles = max;
        return this;
    }

    public int maxHandles() {
        return maxHandles;
    }

    /** The memory, table and instance ceilings for each instantiation through this linker. */
    public Linker limits(ResourceLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        return this;
    }

    public ResourceLimits limits() {
        return limits;
    }

    public Optional<HostFunction> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** The host instance matching an import name, exactly or semver-compatibly. */
    public Optional<HostInstance> findInstance(String importName) {
        HostInstance exact = instances.get(importName);
        if (exact != null) {
            return Optional.of(exact);
        }
        int at = importName.indexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String base = importName.substring(0, at);
        int[] want = parseVersion(importName.substring(at + 1));
        if (want == null) {
            return Optional.empty();
        }
        HostInstance best = null;
        int[] bestVersion = null;
        for (var e : instances.entrySet()) {
            String name = e.getKey();
            int a = name.indexOf('@');
            if (a < 0 || !name.substring(0, a).equals(base)) {
                continue;
            }
            int[] have = parseVersion(name.substring(a + 1));
            if (have == null || !compatible(want, have)) {
                continue;
            }
            if (bestVersion == null || compare(have, bestVersion) > 0) {
                best = e.getValue();
                bestVersion = have;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean compatible(int[] want, int[] have) {
        if (want[0] != have[0]) {
            return false;
        }
        if (want[0] == 0) {
            return want[1] == have[1] && want[1] != 0 ? true : want[1] == have[1] && want[2] == have[2];
        }
        return true;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static int[] parseVersion(String v) {
        int cut = v.length();
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) == '-' || v.charAt(i) == '+') {
                cut = i;
                break;
            }
        }
        if (cut != v.length()) {
            return null; // prereleases only match exactly
        }
        String[] parts = v.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
