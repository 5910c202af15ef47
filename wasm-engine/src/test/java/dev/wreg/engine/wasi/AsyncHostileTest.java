package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.PreparedComponent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Hostile WASI 0.3 guests (hand-built, {@link P3Components}): each ends at its limit with a clear
 * error, and afterwards no fiber of the run is alive ({@link WasiP3Test#assertNoFibersLeft}).
 */
class AsyncHostileTest {

    private static final long ONE_HOUR_NANOS = 3_600_000_000_000L;

    private static WasiHost host(Duration timeout, ByteArrayOutputStream out) {
        return WasiHost.builder()
                .stdout(out == null ? java.io.OutputStream.nullOutputStream() : out)
                .limits(WasiHost.Limits.defaults().withTimeout(timeout))
                .build();
    }

    /** run: {@code wait-for(1 hour)} lowered async, then waits for that subtask. */
    @Test
    void aTaskThatNeverReturnsEndsAtTheTimeout() {
        byte[] c = P3Components.command((m, h) -> {
            int await = P3Components.await(m, h);
            int run = m.func(
                    m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32)),
                    1,
                    0,
                    new CoreAsm.Code()
                            .i64(ONE_HOUR_NANOS)
                            .call(h.waitFor())
                            .set(0)
                            .get(0)
                            .i32(4)
                            .shrU()
                            .call(await)
                            .drop()
                            .i32(0)
                            .call(h.taskReturn())
                            .i32(0));
            m.exportFunc("run", run);
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> WasiRun.runDetailed(PreparedComponent.fromBytes(c), host(Duration.ofSeconds(2), null)))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("timeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        WasiP3Test.assertNoFibersLeft();
    }

    /** run: {@code loop br 0 end} — spins in its fiber until the timeout interrupts it. */
    @Test
    void aSpinningTaskEndsAtTheTimeout() {
        byte[] c = P3Components.command((m, h) -> {
            int run = m.func(
                    m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32)),
                    0,
                    0,
                    new CoreAsm.Code().loop().br(0).end().i32(0));
            m.exportFunc("run", run);
        });
        assertThatThrownBy(() -> WasiRun.runDetailed(PreparedComponent.fromBytes(c), host(Duration.ofSeconds(2), null)))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("timeout"));
        WasiP3Test.assertNoFibersLeft();
    }

    /** run: {@code stream.new}, then writes to its writable end, which nobody ever reads. */
    @Test
    void aStreamNobodyReadsIsADeadlock() {
        byte[] c = P3Components.command((m, h) -> {
            int await = P3Components.await(m, h);
            int writeAll = P3Components.writeAll(m, h, await);
            int run = m.func(
                    m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32)),
                    0,
                    1,
                    new CoreAsm.Code()
                            .call(h.streamNew())
                            .set(0)
                            .get(0)
                            .i64(32)
                            .shrU64()
                            .wrap()
                            .i32(100)
                            .i32(20)
                            .call(writeAll)
                            .i32(0)
                            .call(h.taskReturn())
                            .i32(0));
            m.exportFunc("run", run);
        });
        WasiRun.Outcome o = WasiRun.runDetailed(PreparedComponent.fromBytes(c), host(Duration.ofSeconds(20), null));
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.trap()).contains("deadlock detected");
        WasiP3Test.assertNoFibersLeft();
    }

    /** run: {@code future.new}, then reads the future whose writable end only it holds. */
    @Test
    void aFutureWaitingOnItselfIsADeadlock() {
        byte[] c = P3Components.command((m, h) -> {
            int await = P3Components.await(m, h);
            int run = m.func(
                    m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32)),
                    1,
                    1,
                    new CoreAsm.Code()
                            .call(h.futureNew())
                            .set(1)
                            .get(1)
                            .wrap()
                            .i32(1024)
                            .call(h.futureRead())
                            .set(0)
                            .get(0)
                            .i32(-1)
                            .eq()
                            .ifThen()
                            .get(1)
                            .wrap()
                            .call(await)
                            .drop()
                            .end()
                            .i32(0)
                            .call(h.taskReturn())
                            .i32(0));
            m.exportFunc("run", run);
        });
        WasiRun.Outcome o = WasiRun.runDetailed(PreparedComponent.fromBytes(c), host(Duration.ofSeconds(20), null));
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.trap()).contains("deadlock detected");
        WasiP3Test.assertNoFibersLeft();
    }

    /** run: {@code wait-for(1 hour)} lowered async, over and over, never waiting for any. */
    @Test
    void endlessSubtasksEndAtTheTaskLimit() {
        byte[] c = P3Components.command((m, h) -> {
            int run = m.func(
                    m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32)),
                    0,
                    0,
                    new CoreAsm.Code()
                            .loop()
                            .i64(ONE_HOUR_NANOS)
                            .call(h.waitFor())
                            .drop()
                            .br(0)
                            .end()
                            .i32(0));
            m.exportFunc("run", run);
        });
        assertThatThrownBy(
                        () -> WasiRun.runDetailed(PreparedComponent.fromBytes(c), host(Duration.ofSeconds(60), null)))
                .isInstanceOfSatisfying(WasiLimitExceeded.class, e -> {
                    assertThat(e.limit()).isEqualTo("tasks");
                    assertThat(e.getMessage()).contains("10000");
                });
        WasiP3Test.assertNoFibersLeft();
    }

    /**
     * run: {@code wait-for(1 hour)} lowered async, then {@code subtask.cancel} of it; prints the
     * cancel's result, which must be CANCELLED_BEFORE_RETURNED (4) at once, not after an hour.
     */
    @Test
    void cancellingAHostCallEndsItAtOnce() {
        byte[] c = P3Components.command((m, h) -> {
            int await = P3Components.await(m, h);
            int writeAll = P3Components.writeAll(m, h, await);
            // locals: 0 r, 1 outw; 2 p (i64)
            int run = m.func(
                    m.type(CoreAsm.of(), CoreAsm.of(CoreAsm.I32)),
                    2,
                    1,
                    new CoreAsm.Code()
                            .call(h.streamNew())
                            .set(2)
                            .get(2)
                            .wrap()
                            .call(h.writeViaStream())
                            .drop()
                            .get(2)
                            .i64(32)
                            .shrU64()
                            .wrap()
                            .set(1)
                            .i64(ONE_HOUR_NANOS)
                            .call(h.waitFor())
                            .set(0)
                            .get(0)
                            .i32(0xf)
                            .and()
                            .i32(1)
                            .ne()
                            .ifThen()
                            .unreachable()
                            .end()
                            .i32(1024)
                            .get(0)
                            .i32(4)
                            .shrU()
                            .call(h.subtaskCancel())
                            .i32('0')
                            .add()
                            .store(0)
                            .get(1)
                            .i32(1024)
                            .i32(1)
                            .call(writeAll)
                            .get(1)
                            .call(h.dropWritable())
                            .i32(0)
                            .call(h.taskReturn())
                            .i32(0));
            m.exportFunc("run", run);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        WasiRun.Outcome o = WasiRun.runDetailed(PreparedComponent.fromBytes(c), host(Duration.ofSeconds(20), out));
        assertThat(o.trap()).isNull();
        assertThat(o.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("4");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        WasiP3Test.assertNoFibersLeft();
    }
}
