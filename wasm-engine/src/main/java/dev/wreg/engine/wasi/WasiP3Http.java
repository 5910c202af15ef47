package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.abi.HostStreams;
import dev.wreg.engine.runtime.abi.PackedList;
import dev.wreg.engine.runtime.abi.ResourceHandle;
import dev.wreg.engine.runtime.abi.ResourceType;
import dev.wreg.engine.runtime.abi.SharedFuture;
import dev.wreg.engine.runtime.abi.SharedStream;
import dev.wreg.engine.runtime.abi.Store;
import dev.wreg.engine.runtime.abi.ValueType;
import dev.wreg.engine.runtime.wave.Wave;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code wasi:http@0.3.0} without a network, for smoke-running HTTP components: {@code types}
 * (fields as in 0.2, through {@link WasiHttp#addFields}; requests, responses and their bodies as
 * {@code stream<u8>}), {@code client.send} refused with {@code HTTP-request-denied} like 0.2's
 * outgoing handler, and {@link #handle}, which calls a component's exported {@code
 * handler.handle} with one request held in memory and reads the response it returns. Response
 * bodies count against the run's output budget, as in 0.2.
 *
 * <p>The {@code error-code} type the host's futures carry is the one the guest's handler
 * declares (its result's error side), so that the host's futures have exactly the guest's type
 * whatever subset of error cases a toolchain spelled out.
 */
final class WasiP3Http {
    static final String VERSION = WasiP3.VERSION;
    private static final int CHUNK = 64 * 1024;

    /** A request: the incoming one the host hands to the handler, or one a guest built. */
    static final class Request {
        Val method;
        String pathWithQuery;
        final WasiHttp.Fields headers;
        byte[] body; // the incoming request's body, or null
        SharedStream contents; // a guest-built request's body, or null
        boolean consumed;

        Request(Val method, String pathWithQuery, WasiHttp.Fields headers) {
            this.method = method;
            this.pathWithQuery = pathWithQuery;
            this.headers = headers;
        }
    }

    static final class Response {
        int status = 200;
        final WasiHttp.Fields headers;
        SharedStream contents;
        final SharedFuture trailers;
        final SharedFuture transmitted;

        Response(WasiHttp.Fields headers, SharedStream contents, SharedFuture trailers, SharedFuture transmitted) {
            this.headers = headers;
            this.contents = contents;
            this.trailers = trailers;
            this.transmitted = transmitted;
        }
    }

    static final class Options {}

    private final ResourceTable table;
    private final WasiHttp http;
    private final AtomicLong outputUsed;
    private final long maxOutput;
    private ResourceType fieldsT;
    private ResourceType requestT;
    private ResourceType responseT;
    private ResourceType optionsT;
    /** The guest's {@code error-code}, known once {@link #handle} looked at the handler's type. */
    private ValueType errorCode;

    WasiP3Http(ResourceTable table, WasiHttp http, AtomicLong outputUsed, long maxOutput) {
        this.table = table;
        this.http = http;
        this.outputUsed = outputUsed;
        this.maxOutput = maxOutput;
    }

    private static List<Val> one(Val v) {
        return List.of(v);
    }

    private static Val ok(Val v) {
        return new Val.ResultVal(true, Optional.ofNullable(v));
    }

    private static Val err(Val v) {
        return new Val.ResultVal(false, Optional.ofNullable(v));
    }

    private static Val none() {
        return new Val.OptionVal(Optional.empty());
    }

    private static Val some(Val v) {
        return new Val.OptionVal(Optional.of(v));
    }

    private Val own(ResourceType t, Object o) {
        return new Val.Resource(new ResourceHandle(t, table.add(o), true));
    }

    private <T> T get(Val v, Class<T> c) {
        return table.get(((Val.Resource) v).handle().rep(), c);
    }

    private <T> T take(Val v, Class<T> c) {
        int rep = ((Val.Resource) v).handle().rep();
        T o = table.get(rep, c);
        table.remove(rep);
        return o;
    }

    private static Store store() {
        Store s = Store.current();
        if (s == null) {
            throw new ComponentTrap("a WASI 0.3 stream function was called outside a component call");
        }
        return s;
    }

    /** {@code future<result<_, error-code>>}'s payload type. */
    private ValueType transmitResult() {
        if (errorCode == null) {
            throw new ComponentTrap("wasi:http@0.3.0 bodies exist here only while the host calls the handler");
        }
        return new ValueType.ResultT(null, errorCode);
    }

    private static Val method(String m) {
        String lower = m.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "get", "head", "post", "put", "delete", "connect", "options", "trace", "patch" ->
                new Val.VariantVal(lower, Optional.empty());
            default -> new Val.VariantVal("other", Optional.of(Val.string(m)));
        };
    }

    void addTo(Linker linker) {
        Linker.HostInstance h = linker.instance("wasi:http/types@" + VERSION);
        fieldsT = bind(h.resource("fields"));
        requestT = bind(h.resource("request"));
        responseT = bind(h.resource("response"));
        optionsT = bind(h.resource("request-options"));
        http.addFields(h, fieldsT, "copy-all");
        h.func("[static]request.new", a -> {
                    WasiHttp.Fields headers = take(a.get(0), WasiHttp.Fields.class);
                    Request r = new Request(method("GET"), null, headers);
                    r.contents =
                            a.get(1) instanceof Val.OptionVal o && o.value().isPresent()
                                    ? ((Val.StreamVal) o.value().get()).stream()
                                    : null;
                    dropFuture(a.get(2));
                    // Requests built by a guest can only be sent, and sending is refused here.
                    SharedFuture sent = new SharedFuture(transmitResult());
                    HostStreams.resolve(store(), sent, err(denied()), () -> {});
                    return one(new Val.TupleVal(List.of(own(requestT, r), new Val.FutureVal(sent))));
                })
                .func("[method]request.get-method", a -> one(get(a.get(0), Request.class).method))
                .func("[method]request.set-method", a -> {
                    get(a.get(0), Request.class).method = a.get(1);
                    return one(ok(null));
                })
                .func("[method]request.get-path-with-query", a -> {
                    String p = get(a.get(0), Request.class).pathWithQuery;
                    return one(p == null ? none() : some(Val.string(p)));
                })
                .func("[method]request.set-path-with-query", a -> {
                    get(a.get(0), Request.class).pathWithQuery = a.get(1) instanceof Val.OptionVal o
                                    && o.value().isPresent()
                            ? ((Val.Str) o.value().get()).value()
                            : null;
                    return one(ok(null));
                })
                .func("[method]request.get-scheme", a -> one(some(new Val.VariantVal("HTTP", Optional.empty()))))
                .func("[method]request.set-scheme", a -> one(ok(null)))
                .func("[method]request.get-authority", a -> one(some(Val.string("localhost"))))
                .func("[method]request.set-authority", a -> one(ok(null)))
                .func("[method]request.get-options", a -> one(none()))
                .func("[method]request.get-headers", a -> one(childHeaders(get(a.get(0), Request.class).headers)))
                .func("[static]request.consume-body", a -> {
                    Request r = take(a.get(0), Request.class);
                    dropFuture(a.get(1));
                    return one(body(r.body, r.contents));
                })
                .func("[static]response.new", a -> {
                    WasiHttp.Fields headers = take(a.get(0), WasiHttp.Fields.class);
                    SharedStream contents =
                            a.get(1) instanceof Val.OptionVal o && o.value().isPresent()
                                    ? ((Val.StreamVal) o.value().get()).stream()
                                    : null;
                    SharedFuture trailers = ((Val.FutureVal) a.get(2)).future();
                    SharedFuture transmitted = new SharedFuture(transmitResult());
                    Response r = new Response(headers, contents, trailers, transmitted);
                    return one(new Val.TupleVal(List.of(own(responseT, r), new Val.FutureVal(transmitted))));
                })
                .func(
                        "[method]response.get-status-code",
                        a -> one(new Val.U16((short) get(a.get(0), Response.class).status)))
                .func("[method]response.set-status-code", a -> {
                    int code = ((Val.U16) a.get(1)).value() & 0xffff;
                    if (code < 100 || code > 999) {
                        return one(err(null));
                    }
                    get(a.get(0), Response.class).status = code;
                    return one(ok(null));
                })
                .func("[method]response.get-headers", a -> one(childHeaders(get(a.get(0), Response.class).headers)))
                .func("[static]response.consume-body", a -> {
                    // A guest reading a response it built (middleware): its own stream comes back.
                    Response r = take(a.get(0), Response.class);
                    dropFuture(a.get(1));
                    return one(body(null, r.contents));
                })
                .func("[constructor]request-options", a -> one(own(optionsT, new Options())))
                .func("[method]request-options.clone", a -> one(own(optionsT, new Options())));
        for (String t : List.of("connect-timeout", "first-byte-timeout", "between-bytes-timeout")) {
            h.func("[method]request-options.get-" + t, a -> one(none()))
                    .func(
                            "[method]request-options.set-" + t,
                            a -> one(err(new Val.VariantVal("not-supported", Optional.empty()))));
        }
        linker.instance("wasi:http/client@" + VERSION).func("send", a -> {
            take(a.get(0), Request.class);
            return one(err(denied()));
        });
    }

    private static Val denied() {
        return new Val.VariantVal("HTTP-request-denied", Optional.empty());
    }

    private ResourceType bind(ResourceType t) {
        t.bindDestructor(table::remove);
        return t;
    }

    private Val childHeaders(WasiHttp.Fields f) {
        return own(fieldsT, new WasiHttp.Fields(f.names, f.values, true));
    }

    /** The host does not read the futures guests hand it to learn how a body went. */
    private static void dropFuture(Val v) {
        if (v instanceof Val.FutureVal f) {
            store().post(f.future()::drop);
        }
    }

    /**
     * {@code consume-body}'s answer: a stream of {@code bytes} (or the guest's own {@code
     * contents}), and trailers that resolve to none once the body was read.
     */
    private Val body(byte[] bytes, SharedStream contents) {
        Store store = store();
        ValueType trailersT = new ValueType.ResultT(new ValueType.OptionT(new ValueType.OwnT(fieldsT)), errorCode());
        SharedFuture trailers = new SharedFuture(trailersT);
        SharedStream data;
        if (contents != null) {
            data = contents;
            HostStreams.resolve(store, trailers, ok(none()), () -> {});
        } else {
            data = new SharedStream(ValueType.Prim.U8);
            byte[] b = bytes == null ? new byte[0] : bytes;
            HostStreams.produce(store, data, PackedList.ofBytes(b), dropped -> {
                data.drop();
                HostStreams.resolve(store, trailers, ok(none()), () -> {});
            });
        }
        return new Val.TupleVal(List.of(new Val.StreamVal(data), new Val.FutureVal(trailers)));
    }

    private ValueType errorCode() {
        transmitResult();
        return errorCode;
    }

    /**
     * On the guest thread: calls {@code fn} (a {@code wasi:http/handler@0.3.x#handle}) with {@code
     * request}, then drives the instance until the guest has written the whole response body.
     */
    IncomingHandler.Response handle(ComponentInstance instance, String fn, IncomingHandler.Request request) {
        FuncType type = instance.type(fn);
        if (!(type.result() instanceof ValueType.ResultT rt) || rt.err() == null || !type.async()) {
            throw new IllegalArgumentException(
                    "the component's " + fn + " is not `async func(request) -> result<response, error-code>`");
        }
        errorCode = rt.err();
        WasiHttp.Fields headers = new WasiHttp.Fields();
        for (IncomingHandler.Header hd : request.headers()) {
            headers.names.add(hd.name().toLowerCase(Locale.ROOT));
            headers.values.add(hd.value().getBytes(StandardCharsets.UTF_8));
        }
        Request r = new Request(method(request.method()), request.pathWithQuery(), headers);
        r.body = request.body();
        List<Val> out = instance.call(fn, List.of(own(requestT, r)));
        Val.ResultVal result = (Val.ResultVal) out.getFirst();
        if (!result.isOk()) {
            throw new IncomingHandler.HandlerFailed("the handler answered with error-code "
                    + Wave.print(result.payload().orElseThrow(), errorCode));
        }
        Response response = take(result.payload().orElseThrow(), Response.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Store store = instance.store();
        if (response.contents != null) {
            boolean[] ended = {false};
            HostStreams.consume(
                    store,
                    response.contents,
                    CHUNK,
                    chunk -> {
                        byte[] bytes = chunk instanceof PackedList p ? p.toByteArray() : bytesOf(chunk);
                        if (outputUsed.addAndGet(bytes.length) > maxOutput) {
                            throw new WasiLimitExceeded(
                                    "output", "the handler's response body is longer than " + maxOutput + " bytes");
                        }
                        body.writeBytes(bytes);
                    },
                    () -> ended[0] = true);
            // The body is written after handle returned (the task goes on): run the guest until
            // it drops its end. A guest that stops writing without ending the body is a deadlock.
            try {
                store.runUntil(() -> ended[0]);
            } catch (ComponentTrap e) {
                if (instance.poisoned().isEmpty() && e.getMessage().startsWith("deadlock")) {
                    throw new IncomingHandler.HandlerFailed(
                            "the handler's response body never ended: the guest stopped with its end of the body"
                                    + " stream still open",
                            e);
                }
                throw e;
            }
        }
        HostStreams.resolve(store, response.transmitted, ok(null), () -> {});
        store.post(response.trailers::drop);
        List<IncomingHandler.Header> hs = new ArrayList<>();
        for (int i = 0; i < response.headers.names.size(); i++) {
            hs.add(new IncomingHandler.Header(
                    response.headers.names.get(i), new String(response.headers.values.get(i), StandardCharsets.UTF_8)));
        }
        return new IncomingHandler.Response(response.status, hs, body.toByteArray());
    }

    private static byte[] bytesOf(List<Val> vs) {
        byte[] b = new byte[vs.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = ((Val.U8) vs.get(i)).value();
        }
        return b;
    }
}
