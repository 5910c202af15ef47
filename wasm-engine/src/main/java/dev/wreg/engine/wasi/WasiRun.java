package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.LimitExceededException;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

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
    public static int run(PreparedComponent component, WasiHost host) {
        return runDetailed(component, host).exitCode();
    }

    /**
     * Runs on a dedicated thread so that the wall-clock limit can interrupt the guest: Endive
     * checks the thread's interrupt flag as it executes, and the run ends with a {@link
     * WasiLimitExceeded} naming {@code timeout}.
     */
    public static Outcome runDetailed(PreparedComponent component, WasiHost host) {
        return onGuestThread(host, () -> runHere(component, host));
    }

    /**
     * Runs {@code body} (which instantiates or calls into a guest linked with {@code host}) on a
     * thread of its own, with the stack the limits grant, and waits for it no longer than the
     * timeout. Failures that stand for a limit come back as a {@link WasiLimitExceeded}; others are
     * rethrown as they are. For guests that are not commands, such as a single export called by
     * name.
     */
    public static <T> T guarded(WasiHost host, java.util.function.Supplier<T> body) {
        return onGuestThread(host, body);
    }

    static <T> T onGuestThread(WasiHost host, java.util.function.Supplier<T> body) {
        Duration timeout = host.limits().timeout();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(
                null,
                () -> {
                    try {
                        result.set(new Done<>(body.get()));
                    } catch (RuntimeException | Error e) {
                        result.set(e);
                    }
                },
                "wasi-run",
                host.limits().maxStackBytes());
        t.setDaemon(true);
        t.start();
        try {
            t.join(timeout);
            if (t.isAlive()) {
                t.interrupt();
                t.join(Duration.ofSeconds(5));
                throw new WasiLimitExceeded(
                        "timeout",
                        "the run took longer than " + timeout
                                + (t.isAlive() ? " and did not stop when interrupted" : ""));
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new WasiLimitExceeded("timeout", "the caller interrupted the run");
        }
        return switch (result.get()) {
            case Done<?> d -> {
                @SuppressWarnings("unchecked")
                T value = (T) d.value();
                yield value;
            }
            case Throwable e -> throw asLimit(e, host.limits()).orElseThrow(() -> rethrow(e));
            default -> throw new IllegalStateException("run ended without an outcome");
        };
    }

    private record Done<T>(T value) {}

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof Error err) {
            throw err;
        }
        return (RuntimeException) e;
    }

    /**
     * The limit a failure stands for: a breach reported by the host or the runtime, a JVM stack
     * overflow (recursion deeper than the guest thread's stack) or a heap exhausted by the guest.
     */
    static java.util.Optional<WasiLimitExceeded> asLimit(Throwable e, WasiHost.Limits limits) {
        var breach = LimitExceededException.findIn(e);
        if (breach.isPresent()) {
            return breach.map(WasiLimitExceeded::of);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof StackOverflowError) {
                WasiLimitExceeded w = new WasiLimitExceeded(
                        "stack",
                        "call stack exhausted: the guest recursed deeper than its stack of " + limits.maxStackBytes()
                                + " bytes allows");
                w.initCause(c);
                return java.util.Optional.of(w);
            }
            if (c instanceof OutOfMemoryError) {
                WasiLimitExceeded w =
                        new WasiLimitExceeded("memory", "the guest exhausted the host's heap (" + c.getMessage() + ")");
                w.initCause(c);
                return java.util.Optional.of(w);
            }
        }
        return java.util.Optional.empty();
    }

    private static Outcome runHere(PreparedComponent component, WasiHost host) {
        Linker linker = host.addTo(new Linker());
        ComponentInstance instance = null;
        try {
            instance = component.instantiate(linker);
            // wasi:cli/run@0.2.x and @0.3.x both answer to this name; a 0.3 run is an async task.
            List<Val> r = instance.call("wasi:cli/run#run", List.of());
            boolean ok = !r.isEmpty() && r.get(0) instanceof Val.ResultVal rv && rv.isOk();
            return new Outcome(ok ? 0 : 1, null);
        } catch (ComponentTrap e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof WasiExit x) {
                    return new Outcome(x.code(), null);
                }
            }
            var limit = asLimit(e, host.limits());
            if (limit.isPresent()) {
                throw limit.get();
            }
            return new Outcome(1, e.getMessage());
        } catch (WasiExit x) {
            return new Outcome(x.code(), null);
        } finally {
            // Tasks still waiting when the run ends (a 0.3 guest that left work behind) end too.
            if (instance != null) {
                instance.close();
            }
        }
    }
}
