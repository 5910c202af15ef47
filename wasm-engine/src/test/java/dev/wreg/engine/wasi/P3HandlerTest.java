package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.PreparedComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link IncomingHandler} on a {@code wasi:http/handler@0.3.0} component ({@link
 * P3HttpComponents}): the host passes a request whose body is a stream, the guest returns its
 * response and writes the body afterwards, and the host reads status, headers and body — the
 * same smoke run the 0.2 incoming-handler gets.
 */
class P3HandlerTest {
    private static final PreparedComponent ECHO = PreparedComponent.fromBytes(P3HttpComponents.echoHandler());

    private static IncomingHandler.Request post(String path, byte[] body) {
        return new IncomingHandler.Request(
                "POST", path, List.of(new IncomingHandler.Header("Content-Type", "text/plain")), body);
    }

    private static IncomingHandler.Request post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theHostCallsTheHandlerAndReadsTheResponse() {
        IncomingHandler.Response r =
                IncomingHandler.handle(ECHO, WasiHost.builder().build(), post("/greet?name=wreg", " and a body"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers()).containsExactly(new IncomingHandler.Header("x-wreg", "yes"));
        assertThat(r.bodyText()).isEqualTo("/greet?name=wreg and a body");
        WasiP3Test.assertNoFibersLeft();
    }

    @Test
    void aRequestBodyOfSeveralChunksIsStreamedThrough() {
        byte[] body = new byte[20_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        IncomingHandler.Response r =
                IncomingHandler.handle(ECHO, WasiHost.builder().build(), post("/p", body));
        assertThat(r.body()).hasSize(2 + body.length);
        assertThat(new String(r.body(), 2, body.length, StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(body, StandardCharsets.ISO_8859_1));
    }

    @Test
    void eachCallGetsItsOwnInstance() {
        for (int i = 0; i < 3; i++) {
            assertThat(IncomingHandler.handle(ECHO, WasiHost.builder().build(), post("/" + i, "!"))
                            .bodyText())
                    .isEqualTo("/" + i + "!");
        }
        WasiP3Test.assertNoFibersLeft();
    }

    @Test
    void theResponseBodyCountsAgainstTheOutputLimit() {
        WasiHost host = WasiHost.builder()
                .limits(WasiHost.Limits.defaults().withMaxOutputBytes(16))
                .build();
        assertThatThrownBy(() -> IncomingHandler.handle(ECHO, host, post("/long", "x".repeat(100))))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("output"));
        WasiP3Test.assertNoFibersLeft();
    }

    @Test
    void aBodyTheGuestNeverEndsIsAClearErrorNotAHang() {
        PreparedComponent unended = PreparedComponent.fromBytes(P3HttpComponents.unendedBody());
        assertThatThrownBy(
                        () -> IncomingHandler.handle(unended, WasiHost.builder().build(), post("/", "x")))
                .isInstanceOf(IncomingHandler.HandlerFailed.class)
                .hasMessageContaining("response body never ended")
                .hasCauseInstanceOf(ComponentTrap.class);
        WasiP3Test.assertNoFibersLeft();
    }

    @Test
    void aCommandIsNotAHandler() {
        PreparedComponent echo = PreparedComponent.fromBytes(P3Components.echo());
        assertThatThrownBy(() -> IncomingHandler.handle(echo, WasiHost.builder().build(), post("/", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wasi:http/handler@0.3");
    }
}
