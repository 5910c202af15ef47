package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.Component;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import java.util.List;

/** Runs a WASI command: instantiates it with a {@link WasiHost} and calls {@code wasi:cli/run#run}. */
public final class WasiRun {
    private WasiRun() {}

    /** How a run ended: the exit code, and the trap message when the guest trapped. */
    public record Outcome(int exitCode, String trap) {}

    /**
     * Runs {@code component} and returns the guest's exit code as WASI 0.2 defines it: 0 for
     * {@code ok}, 1 for {@code err}, a trap or an {@code exit(err)}. Throws {@link WasiLimitExceeded}
     * when the run breaks a limit, naming it.
     */
    public static int run(Component component, WasiHost host) {
        return runDetailed(component, host).exitCode();
    }

    public static Outcome runDetailed(Component component, WasiHost host) {
        Linker linker = host.addTo(new Linker());
        try {
            ComponentInstance instance = component.instantiate(linker);
            List<Val> r = instance.call("wasi:cli/run#run", List.of());
            boolean ok = !r.isEmpty() && r.get(0) instanceof Val.ResultVal rv && rv.isOk();
            return new Outcome(ok ? 0 : 1, null);
        } catch (ComponentTrap e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof WasiExit x) {
                    return new Outcome(x.code(), null);
                }
                if (c instanceof WasiLimitExceeded l) {
                    throw l;
                }
            }
            return new Outcome(1, e.getMessage());
        } catch (WasiExit x) {
            return new Outcome(x.code(), null);
        }
    }
}
