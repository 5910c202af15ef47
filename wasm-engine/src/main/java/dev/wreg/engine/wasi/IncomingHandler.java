package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Calls a component's {@code wasi:http/incoming-handler#handle} (any 0.2.x), or its {@code
 * wasi:http/handler#handle} (0.3.x, an async function returning the response, whose body the
 * guest may go on writing after it returned), with one request held in memory and returns the
 * response it sets, to smoke-run HTTP components without a server. The
 * call runs like a command: on its own thread, within the {@link WasiHost}'s grants and limits (the
 * response body counts against the output limit).
 *
 * <pre>{@code
 * IncomingHandler.Response r = IncomingHandler.handle(component, WasiHost.builder().build(),
 *         new IncomingHandler.Request("GET", "/hello?x=1", List.of(), new byte[0]));
 * }</pre>
 */
public final class IncomingHandler {
    private IncomingHandler() {}

    /** One header; names are case-insensitive, as in HTTP. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    /** A request as the guest sees it; the scheme is {@code http} and the authority {@code localhost}. */
    public record Request(String method, String pathWithQuery, List<Header> headers, byte[] body) {
        public Request {
            Objects.requireNonNull(method);
            Objects.requireNonNull(pathWithQuery);
            headers = List.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /** The response the guest set, with the body it wrote. */
    public record Response(int status, List<Header> headers, byte[] body) {
        public Response {
            headers = List.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The handler answered with an {@code error-code}, or returned without answering. */
    public static final class HandlerFailed extends RuntimeException {
        public HandlerFailed(String message) {
            super(message);
        }

        public HandlerFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Instantiates {@code component} with {@code host} and calls its handler with {@code request}.
     * Throws {@link IllegalArgumentException} when the component exports no incoming-handler,
     * {@link HandlerFailed} when it sets an error or no response, {@link WasiLimitExceeded} when it
     * breaks a limit and {@link dev.wreg.engine.runtime.ComponentTrap} when it traps.
     */
    public static Response handle(PreparedComponent component, WasiHost host, Request request) {
        Objects.requireNonNull(request);
        return WasiRun.onGuestThread(host, () -> {
            Linker linker = host.addTo(new Linker());
            ComponentInstance instance = component.instantiate(linker);
            Optional<String> p2 = instance.resolve("wasi:http/incoming-handler#handle");
            if (p2.isEmpty()) {
                // WASI 0.3: `handler.handle: async func(request) -> result<response, error-code>`.
                String p3 = instance.resolve("wasi:http/handler#handle")
                        .filter(n -> n.contains("@0.3"))
                        .orElseThrow(
                                () -> new IllegalArgumentException(
                                        "the component exports neither wasi:http/incoming-handler@0.2 nor wasi:http/handler@0.3"));
                try {
                    return host.httpP3().handle(instance, p3, request);
                } finally {
                    instance.close();
                }
            }
            String handle = p2.get();
            WasiHttp.Exchange exchange = host.http().incoming(request);
            instance.call(handle, List.of(exchange.request(), exchange.responseOut()));
            WasiHttp.ResponseOutparam out = exchange.outparam();
            if (!out.set) {
                throw new HandlerFailed("the handler returned without setting a response");
            }
            if (out.response == null) {
                throw new HandlerFailed("the handler answered with error-code " + out.errorCode);
            }
            List<Header> headers = new ArrayList<>();
            for (int i = 0; i < out.response.headers.names.size(); i++) {
                headers.add(new Header(
                        out.response.headers.names.get(i),
                        new String(out.response.headers.values.get(i), StandardCharsets.UTF_8)));
            }
            byte[] body = out.response.body == null ? new byte[0] : out.response.body.written.toByteArray();
            return new Response(out.response.status, headers, body);
        });
    }
}
