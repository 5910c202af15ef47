package dev.wreg.composer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.composer.plan.PackageResolver;
import dev.wreg.testsupport.HostileComponents;
import dev.wreg.validator.Validator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 20, defect 2, in the composer: every smoke run is contained by the engine's limits. A
 * component that loops forever or grows its memory without end is stopped at the limit, the
 * report names it, and the calls after it are not made. ({@code @Timeout} turns the old behaviour,
 * a smoke run that never ends, into a failure instead of a hung build.)
 */
@Timeout(120)
class SmokeRunLimitsTest {

    private static final String PLAN = """
            package demo:hostile;
            let h = new demo:guest {};
            export h...;
            """;

    private static ComposePipeline.Result compose(
            byte[] guest, List<String> invoke, dev.wreg.engine.wasi.WasiHost.Limits limits) {
        PackageResolver resolver = (name, requirement) -> new PackageResolver.ResolvedPackage(name, null, guest);
        return ComposePipeline.compose(
                new ComposePipeline.PlanRequest("hostile.wac", PLAN, resolver, invoke, 1 << 20, limits));
    }

    @Test
    void theHostileComponentsAreValid() {
        assertThat(Validator.validate(HostileComponents.infiniteLoop()).isValid())
                .isTrue();
        assertThat(Validator.validate(HostileComponents.memoryBomb()).isValid()).isTrue();
        assertThat(Validator.validate(HostileComponents.harmless()).isValid()).isTrue();
    }

    @Test
    void aLoopingComponentIsStoppedAtTheTimeoutAndLaterCallsAreNotMade() {
        var limits = ComposePipeline.DEFAULT_SMOKE_LIMITS.withTimeout(Duration.ofSeconds(1));
        ComposePipeline.Result result = compose(HostileComponents.infiniteLoop(), List.of("run()", "run()"), limits);

        CompositionReport.SmokeRun run = result.report().smokeRun();
        assertThat(run.limitExceeded()).hasValue("timeout");
        assertThat(run.calls()).hasSize(2);
        assertThat(run.calls().get(0).error())
                .hasValueSatisfying(e -> assertThat(e).startsWith("limit `timeout`"));
        assertThat(run.calls().get(1).error())
                .hasValueSatisfying(e -> assertThat(e).startsWith("not run"));
        assertThat(result.report().passed()).isFalse();
    }

    @Test
    void aMemoryBombIsStoppedAtTheMemoryLimit() {
        var limits = ComposePipeline.DEFAULT_SMOKE_LIMITS.withMaxMemoryBytes(8L << 20);
        ComposePipeline.Result result = compose(HostileComponents.memoryBomb(), List.of("run()"), limits);

        CompositionReport.SmokeRun run = result.report().smokeRun();
        assertThat(run.limitExceeded()).hasValue("memory");
        assertThat(run.calls().getFirst().error())
                .hasValueSatisfying(
                        e -> assertThat(e).startsWith("limit `memory`").contains("8388608"));
        assertThat(result.report().passed()).isFalse();
    }

    @Test
    void aHarmlessComponentRunsUnderTheDefaults() {
        ComposePipeline.Result result =
                compose(HostileComponents.harmless(), List.of("run()"), ComposePipeline.DEFAULT_SMOKE_LIMITS);

        assertThat(result.report().smokeRun().limitExceeded()).isEmpty();
        assertThat(result.report().passed()).as(result.report().toString()).isTrue();
    }
}
