package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.testsupport.HostileComponents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Guests running compiled stay within the limits the host already enforces: compiled code checks
 * the thread's interrupt flag (which is how the timeout ends a run) and deep recursion exhausts the run
 * thread's stack as a trap.
 */
class CompiledRunTest {

    @Test
    void aCompiledInfiniteLoopStopsWhenItsRunIsInterrupted() throws Exception {
        PreparedComponent c = PreparedComponent.fromBytes(HostileComponents.infiniteLoop(), ExecutionPolicy.COMPILER);
        assertThat(c.engineSummary().compiledModules()).isPositive();
        ComponentInstance instance = c.instantiate(WasiHost.builder().build().addTo(new Linker()));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        // An interrupt is how the wall-clock limit stops a run (WasiRun interrupts the guest's
        // thread): compiled code must notice it as the interpreter does.
        Thread guest = new Thread(() -> {
            try {
                instance.call("wasi:cli/run#run", List.of());
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        guest.setDaemon(true);
        guest.start();
        Thread.sleep(300);
        assertThat(guest.isAlive()).isTrue();
        guest.interrupt();
        guest.join(Duration.ofSeconds(10));
        assertThat(guest.isAlive())
                .as("guest still running after the interrupt")
                .isFalse();
        assertThat(ended.get()).isInstanceOf(ComponentTrap.class);
    }

    @Test
    void compiledUnboundedRecursionBreaksTheStackLimit() {
        // As interpreted (HostileGuestTest): a stack overflow is the `stack` limit, not a guest trap.
        assertThatThrownBy(() -> WasiRun.runDetailed(
                        PreparedComponent.fromBytes(HostileComponents.unboundedRecursion(), ExecutionPolicy.COMPILER),
                        WasiHost.builder().build()))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("stack"));
        assertThat(WasiRun.run(
                        PreparedComponent.fromBytes(HostileComponents.harmless(), ExecutionPolicy.COMPILER),
                        WasiHost.builder().build()))
                .isZero();
    }
}
