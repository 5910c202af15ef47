package dev.wreg.composer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.Fixtures;
import dev.wreg.composer.pipeline.ComposePipeline.PlugRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixtureCompositionTest {

    private static ComposePipeline.Result plug(String socket, boolean transitive, String... plugs) {
        List<ComposeInput> inputs =
                java.util.Arrays.stream(plugs).map(Fixtures::input).toList();
        return ComposePipeline.plug(PlugRequest.of(Fixtures.input(socket), inputs, transitive, List.of("run()")));
    }

    @Test
    void socketWithUpper() {
        var r = plug("greeter-socket", false, "greeter-upper");
        System.out.println(r.report());
        assertThat(r.report().checks()).allMatch(CompositionReport.Check::passed);
        assertThat(r.report().smokeRun().calls().getFirst().result()).contains("\"WREG\"");
    }
}
