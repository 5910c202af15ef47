package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.testsupport.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncomingHandlerTest {
    private static final PreparedComponent ECHO = PreparedComponent.fromBytes(HttpComponents.echoHandler());

    private static IncomingHandler.Request post(String path, String body) {
        return new IncomingHandler.Request(
                "POST",
                path,
                List.of(new IncomingHandler.Header("Content-Type", "text/plain")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theHostCallsTheHandlerAndCollectsTheResponse() {
        IncomingHandler.Response r =
                IncomingHandler.handle(ECHO, WasiHost.builder().build(), post("/greet?name=wreg", " and a body"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsExactly(new IncomingHandler.Header("x-wreg", "yes"));
        assertThat(r.bodyText()).isEqualTo("/greet?name=wreg and a body");
    }

    @Test
    void eachCallGetsItsOwnInstanceAndResources() {
        for (int i = 0; i < 3; i++) {
            assertThat(IncomingHandler.handle(ECHO, WasiHost.builder().build(), post("/" + i, "!"))
                            .bodyText())
                    .isEqualTo("/" + i + "!");
        }
    }

    @Test
    void theResponseBodyCountsAgainstTheOutputLimit() {
        WasiHost host = WasiHost.builder()
                .limits(WasiHost.Limits.defaults().withMaxOutputBytes(16))
                .build();
        assertThatThrownBy(() -> IncomingHandler.handle(ECHO, host, post("/long", "x".repeat(100))))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("output"));
    }

    @Test
    void aComponentWithoutAHandlerIsRefused() throws Exception {
        PreparedComponent hello =
                PreparedComponent.fromBytes(Files.readAllBytes(SharedData.require("fixtures/wasm/hello.wasm")));
        assertThatThrownBy(
                        () -> IncomingHandler.handle(hello, WasiHost.builder().build(), post("/", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wasi:http/incoming-handler");
    }
}
