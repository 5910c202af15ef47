package dev.wreg.engine.runtime.internal;

import dev.wreg.engine.binary.Component;
import dev.wreg.engine.binary.CoreModule;
import dev.wreg.engine.binary.Section;
import dev.wreg.engine.runtime.ExecutionPolicy;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasm.WasmModule;

/**
 * The core modules of one component, prepared for Endive under an {@link ExecutionPolicy}, and
 * the one place where Endive instances are begun: {@link #instanceBuilder(WasmModule)} hands the
 * instantiator a builder already set to the module's machine (interpreter or compiled), so
 * whatever else an instance needs is added to that builder in one spot. Immutable once prepared.
 */
public final class CoreEngine {
    private final ExecutionPolicy policy;
    private final Map<CoreModule, WasmModule> modules;
    private final Map<WasmModule, Function<Instance, Machine>> machines;

    private CoreEngine(
            ExecutionPolicy policy,
            Map<CoreModule, WasmModule> modules,
            Map<WasmModule, Function<Instance, Machine>> machines) {
        this.policy = policy;
        this.modules = modules;
        this.machines = machines;
    }

    /**
     * Parses (through the cache) every core module of the component tree and compiles those the
     * policy picks. Throws Endive's exception when a module does not parse.
     */
    public static CoreEngine prepare(Component component, ExecutionPolicy policy, ModuleCache cache) {
        return prepare(component, policy, cache, false);
    }

    /**
     * As {@link #prepare(Component, ExecutionPolicy, ModuleCache)}; with {@code bodiesOnDemand}
     * the bodies the interpreter runs are parsed on their first run (see {@link
     * ModuleCache#prepare(byte[], ModuleCache.Compile, boolean)} for when that is allowed).
     */
    public static CoreEngine prepare(
            Component component, ExecutionPolicy policy, ModuleCache cache, boolean bodiesOnDemand) {
        Map<CoreModule, WasmModule> modules = new IdentityHashMap<>();
        Map<WasmModule, Function<Instance, Machine>> machines = new IdentityHashMap<>();
        collect(component, policy, cache, bodiesOnDemand, modules, machines);
        return new CoreEngine(policy, modules, machines);
    }

    private static void collect(
            Component c,
            ExecutionPolicy policy,
            ModuleCache cache,
            boolean bodiesOnDemand,
            Map<CoreModule, WasmModule> modules,
            Map<WasmModule, Function<Instance, Machine>> machines) {
        for (Section s : c.sections()) {
            switch (s) {
                case Section.CoreModuleSection m -> {
                    // The renamed bytes, as CoreModule.parse() sees them: Endive refuses the
                    // raw form of imports named "" "".
                    byte[] bytes = m.module().chicoryBytes();
                    ModuleCache.Prepared p =
                            cache.prepare(bytes, compile(policy, bytes, bodiesOnDemand), bodiesOnDemand);
                    modules.put(m.module(), p.module());
                    if (p.machine() != null) {
                        machines.put(p.module(), p.machine());
                    }
                }
                case Section.NestedComponent n ->
                    collect(n.component(), policy, cache, bodiesOnDemand, modules, machines);
                default -> {}
            }
        }
    }

    /** The {@link ExecutionPolicy#AUTO} rule, documented there. */
    static ModuleCache.Compile compile(ExecutionPolicy policy, byte[] bytes, boolean bodiesOnDemand) {
        return switch (policy) {
            case INTERPRETER -> ModuleCache.Compile.NEVER;
            case COMPILER -> ModuleCache.Compile.ALWAYS;
            case AUTO -> {
                long code = codeBytes(bytes);
                if (code >= ExecutionPolicy.AUTO_MIN_CODE_BYTES && code <= ExecutionPolicy.AUTO_MAX_CODE_BYTES) {
                    yield ModuleCache.Compile.ALWAYS;
                }
                // A very large module whose bodies are parsed on demand starts sooner interpreted
                // than loaded compiled (hello-js: see ExecutionPolicy.AUTO).
                yield bodiesOnDemand && code > ExecutionPolicy.AUTO_MAX_CODE_BYTES
                        ? ModuleCache.Compile.NEVER
                        : ModuleCache.Compile.IF_CACHED;
            }
        };
    }

    /** The size of the code section (id 10) of a core module, 0 when absent or unreadable. */
    static long codeBytes(byte[] m) {
        int[] pos = {8};
        while (pos[0] < m.length) {
            int id = m[pos[0]++] & 0xff;
            long size = uleb(m, pos);
            if (size < 0 || size > m.length - pos[0]) {
                return 0;
            }
            if (id == 10) {
                return size;
            }
            pos[0] += (int) size;
        }
        return 0;
    }

    private static long uleb(byte[] m, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= m.length) {
                return -1;
            }
            int b = m[pos[0]++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        return -1;
    }

    public ExecutionPolicy policy() {
        return policy;
    }

    /** The prepared module for a core module of this component (parsed on the spot if unknown). */
    public WasmModule module(CoreModule m) {
        WasmModule wm = modules.get(m);
        return wm != null ? wm : m.parse();
    }

    /** Compiled modules and all modules, distinct parsed modules counted once. */
    public dev.wreg.engine.runtime.PreparedComponent.EngineSummary summary() {
        Set<WasmModule> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(modules.values());
        return new dev.wreg.engine.runtime.PreparedComponent.EngineSummary(machines.size(), distinct.size());
    }

    /** Whether this module runs compiled. */
    public boolean isCompiled(WasmModule m) {
        return machines.containsKey(m);
    }

    /** A Endive instance builder for {@code module}, set to run it as the policy decided. */
    public Instance.Builder instanceBuilder(WasmModule module) {
        Instance.Builder b = Instance.builder(module);
        Function<Instance, Machine> machine = machines.get(module);
        if (machine != null) {
            b.withMachineFactory(machine);
        }
        return b;
    }
}
