package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.HostFunction;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.ResourceHandle;
import dev.wreg.engine.runtime.abi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code wasi:http/types} without a network: headers ({@code fields}) and outgoing requests,
 * responses and bodies work in memory, so a guest can build a request; sending it is refused by
 * {@code outgoing-handler} (see {@link WasiDenied}). Incoming requests exist only when the host
 * calls the guest's {@code incoming-handler} ({@link IncomingHandler}): the request and its body
 * come from memory, and the response the guest sets, with the body it writes, is collected.
 * Incoming responses would only come from outgoing requests, which are denied, so those methods
 * trap.
 */
final class WasiHttp {
    /** Header or trailer fields; a child view ({@code immutable}) shares the entries of its owner. */
    static final class Fields {
        final List<String> names;
        final List<byte[]> values;
        final boolean immutable;

        Fields(List<String> names, List<byte[]> values, boolean immutable) {
            this.names = names;
            this.values = values;
            this.immutable = immutable;
        }

        Fields() {
            this(new ArrayList<>(), new ArrayList<>(), false);
        }
    }

    /** An outgoing request or response: headers plus a body that can be taken once. */
    static final class Outgoing {
        final Fields headers;
        boolean bodyTaken;
        int status = 200;
        Body body;

        Outgoing(Fields headers) {
            this.headers = headers;
        }
    }

    /** An outgoing body: its stream can be taken once; what the guest writes is kept here. */
    static final class Body {
        boolean streamTaken;
        boolean finished;
        final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
    }

    /** A request the host hands to the guest's incoming-handler. */
    static final class IncomingRequest {
        final IncomingHandler.Request request;
        final Fields headers;
        boolean consumed;

        IncomingRequest(IncomingHandler.Request request) {
            this.request = request;
            this.headers = new Fields();
            for (IncomingHandler.Header h : request.headers()) {
                headers.names.add(h.name().toLowerCase(java.util.Locale.ROOT));
                headers.values.add(h.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /** The body of an incoming request: one stream over its bytes. */
    static final class IncomingBody {
        final byte[] data;
        boolean streamTaken;

        IncomingBody(byte[] data) {
            this.data = data;
        }
    }

    /** Where the guest puts its response: set once, read by the host after the call. */
    static final class ResponseOutparam {
        Outgoing response;
        String errorCode;
        boolean set;
    }

    /** Trailers of an incoming body, which the host never sends: ready at once, empty. */
    static final class FutureTrailers {}

    private final ResourceTable table;
    private final ResourceType outputStream;
    private final ResourceType inputStream;
    private final ResourceType pollable;
    private final java.util.concurrent.atomic.AtomicLong outputUsed;
    private final long maxOutput;
    private ResourceType fieldsT;
    private ResourceType outgoingRequestT;
    private ResourceType outgoingResponseT;
    private ResourceType outgoingBodyT;
    private ResourceType incomingRequestT;
    private ResourceType incomingBodyT;
    private ResourceType responseOutparamT;
    private ResourceType futureTrailersT;

    /**
     * Bodies the guest writes count against the run's output budget ({@code outputUsed}, at most
     * {@code maxOutput} bytes), like stdout.
     */
    WasiHttp(
            ResourceTable table,
            ResourceType outputStream,
            ResourceType inputStream,
            ResourceType pollable,
            java.util.concurrent.atomic.AtomicLong outputUsed,
            long maxOutput) {
        this.table = table;
        this.outputStream = outputStream;
        this.inputStream = inputStream;
        this.pollable = pollable;
        this.outputUsed = outputUsed;
        this.maxOutput = maxOutput;
    }

    /** The incoming-handler's two arguments for {@code request}, and the outparam to read after. */
    record Exchange(Val request, Val responseOut, ResponseOutparam outparam) {}

    Exchange incoming(IncomingHandler.Request request) {
        ResponseOutparam out = new ResponseOutparam();
        return new Exchange(own(incomingRequestT, new IncomingRequest(request)), own(responseOutparamT, out), out);
    }

    private static List<Val> one(Val v) {
        return List.of(v);
    }

    private static Val ok(Val v) {
        return new Val.ResultVal(true, Optional.ofNullable(v));
    }

    private static Val headerError(String c) {
        return new Val.ResultVal(false, Optional.of(new Val.VariantVal(c, Optional.empty())));
    }

    private Val own(ResourceType t, Object o) {
        return new Val.Resource(new ResourceHandle(t, table.add(o), true));
    }

    private <T> T get(Val v, Class<T> c) {
        return table.get(((Val.Resource) v).handle().rep(), c);
    }

    /** Takes the object behind an {@code own} handle the guest gave up. */
    private <T> T take(Val v, Class<T> c) {
        int rep = ((Val.Resource) v).handle().rep();
        T o = table.get(rep, c);
        table.remove(rep);
        return o;
    }

    private static boolean validName(String n) {
        if (n.isEmpty()) {
            return false;
        }
        for (char ch : n.toCharArray()) {
            if (ch <= ' ' || ch >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(ch) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytesOf(Val v) {
        List<Val> l = ((Val.ListVal) v).elements();
        byte[] out = new byte[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Val.U8) l.get(i)).value();
        }
        return out;
    }

    private static Val bytes(byte[] b) {
        List<Val> out = new ArrayList<>(b.length);
        for (byte x : b) {
            out.add(new Val.U8(x));
        }
        return new Val.ListVal(out);
    }

    private static String str(Val v) {
        return ((Val.Str) v).value();
    }

    void addTo(Linker linker, String version) {
        Linker.HostInstance h = linker.instance("wasi:http/types@" + version);
        fieldsT = bind(h.resource("fields"));
        outgoingRequestT = bind(h.resource("outgoing-request"));
        outgoingResponseT = bind(h.resource("outgoing-response"));
        outgoingBodyT = bind(h.resource("outgoing-body"));
        incomingRequestT = bind(h.resource("incoming-request"));
        incomingBodyT = bind(h.resource("incoming-body"));
        responseOutparamT = bind(h.resource("response-outparam"));
        futureTrailersT = bind(h.resource("future-trailers"));
        for (String r : List.of("request-options", "incoming-response", "future-incoming-response")) {
            bind(h.resource(r));
        }
        addIncoming(h);
        addFields(h, fieldsT, "entries");
        h.func(
                        "[constructor]outgoing-request",
                        a -> one(own(outgoingRequestT, new Outgoing(take(a.get(0), Fields.class)))))
                .func(
                        "[constructor]outgoing-response",
                        a -> one(own(outgoingResponseT, new Outgoing(take(a.get(0), Fields.class)))))
                .func("[method]outgoing-request.body", this::body)
                .func("[method]outgoing-response.body", this::body)
                .func("[method]outgoing-request.headers", this::childHeaders)
                .func("[method]outgoing-response.headers", this::childHeaders)
                .func("[method]outgoing-request.set-method", a -> one(ok(null)))
                .func("[method]outgoing-request.set-path-with-query", a -> one(ok(null)))
                .func("[method]outgoing-request.set-scheme", a -> one(ok(null)))
                .func("[method]outgoing-request.set-authority", a -> one(ok(null)))
                .func("[method]outgoing-response.set-status-code", a -> {
                    int code = Short.toUnsignedInt(((Val.U16) a.get(1)).value());
                    if (code < 100 || code > 999) {
                        return one(new Val.ResultVal(false, Optional.empty()));
                    }
                    get(a.get(0), Outgoing.class).status = code;
                    return one(ok(null));
                })
                .func("[method]outgoing-body.write", a -> {
                    Body b = get(a.get(0), Body.class);
                    if (b.streamTaken) {
                        return one(new Val.ResultVal(false, Optional.empty()));
                    }
                    b.streamTaken = true;
                    return one(ok(own(outputStream, new Streams.SinkOut(b.written, outputUsed, maxOutput))));
                })
                .func("[static]outgoing-body.finish", a -> {
                    take(a.get(0), Body.class).finished = true;
                    return one(ok(null));
                });
        HostFunction noIncoming = a -> {
            throw new ComponentTrap("no incoming HTTP request or response exists: HTTP is not granted to this run");
        };
        for (String f : List.of(
                "[method]incoming-response.status",
                "[method]incoming-response.headers",
                "[method]incoming-response.consume",
                "[method]future-incoming-response.subscribe",
                "[method]future-incoming-response.get")) {
            h.func(f, noIncoming);
        }
    }

    private static final java.util.Set<String> METHODS =
            java.util.Set.of("get", "head", "post", "put", "delete", "connect", "options", "trace", "patch");

    private void addIncoming(Linker.HostInstance h) {
        h.func("[method]incoming-request.method", a -> {
                    String m = get(a.get(0), IncomingRequest.class).request.method();
                    String lower = m.toLowerCase(java.util.Locale.ROOT);
                    return one(
                            METHODS.contains(lower)
                                    ? new Val.VariantVal(lower, Optional.empty())
                                    : new Val.VariantVal("other", Optional.of(Val.string(m))));
                })
                .func(
                        "[method]incoming-request.path-with-query",
                        a -> one(new Val.OptionVal(Optional.of(Val.string(
                                get(a.get(0), IncomingRequest.class).request.pathWithQuery())))))
                .func(
                        "[method]incoming-request.scheme",
                        a -> one(new Val.OptionVal(Optional.of(new Val.VariantVal("HTTP", Optional.empty())))))
                .func(
                        "[method]incoming-request.authority",
                        a -> one(new Val.OptionVal(Optional.of(Val.string("localhost")))))
                .func("[method]incoming-request.headers", a -> {
                    Fields f = get(a.get(0), IncomingRequest.class).headers;
                    return one(own(fieldsT, new Fields(f.names, f.values, true)));
                })
                .func("[method]incoming-request.consume", a -> {
                    IncomingRequest r = get(a.get(0), IncomingRequest.class);
                    if (r.consumed) {
                        return one(new Val.ResultVal(false, Optional.empty()));
                    }
                    r.consumed = true;
                    return one(ok(own(incomingBodyT, new IncomingBody(r.request.body()))));
                })
                .func("[method]incoming-body.stream", a -> {
                    IncomingBody b = get(a.get(0), IncomingBody.class);
                    if (b.streamTaken) {
                        return one(new Val.ResultVal(false, Optional.empty()));
                    }
                    b.streamTaken = true;
                    return one(ok(own(inputStream, new Streams.BytesIn(b.data))));
                })
                .func("[static]incoming-body.finish", a -> {
                    take(a.get(0), IncomingBody.class);
                    return one(own(futureTrailersT, new FutureTrailers()));
                })
                .func("[method]future-trailers.subscribe", a -> one(own(pollable, new Streams.Pollable(0))))
                .func(
                        "[method]future-trailers.get",
                        // some(ok(ok(none))): the trailers arrived, and there are none.
                        a -> one(new Val.OptionVal(Optional.of(ok(ok(new Val.OptionVal(Optional.empty())))))))
                .func("[static]response-outparam.set", a -> {
                    ResponseOutparam out = take(a.get(0), ResponseOutparam.class);
                    if (out.set) {
                        throw new ComponentTrap("response-outparam.set called twice");
                    }
                    out.set = true;
                    Val.ResultVal r = (Val.ResultVal) a.get(1);
                    if (r.isOk()) {
                        out.response = take(r.payload().orElseThrow(), Outgoing.class);
                    } else {
                        out.errorCode = r.payload()
                                .map(v -> v instanceof Val.VariantVal vv ? vv.caseName() : v.toString())
                                .orElse("error");
                    }
                    return NONE;
                });
    }

    /**
     * The {@code fields} resource's functions, shared by the 0.2 and the 0.3 host ({@code
     * entries} is what the version calls the list of all entries: {@code entries} in 0.2, {@code
     * copy-all} in 0.3; {@code get-and-delete} exists only in 0.3 and is unused by 0.2 guests).
     */
    void addFields(Linker.HostInstance h, ResourceType fieldsT, String entries) {
        h.func("[constructor]fields", a -> one(own(fieldsT, new Fields())))
                .func("[static]fields.from-list", a -> {
                    Fields f = new Fields();
                    for (Val e : ((Val.ListVal) a.get(0)).elements()) {
                        List<Val> kv = ((Val.TupleVal) e).elements();
                        String n = str(kv.get(0));
                        if (!validName(n)) {
                            return one(headerError("invalid-syntax"));
                        }
                        f.names.add(n.toLowerCase(java.util.Locale.ROOT));
                        f.values.add(bytesOf(kv.get(1)));
                    }
                    return one(ok(own(fieldsT, f)));
                })
                .func("[method]fields.get", this::get)
                .func(
                        "[method]fields.has",
                        a -> one(Val.bool(get(a.get(0), Fields.class)
                                .names
                                .contains(str(a.get(1)).toLowerCase(java.util.Locale.ROOT)))))
                .func("[method]fields.set", a -> mutate(a, true, ((Val.ListVal) a.get(2)).elements()))
                .func("[method]fields.delete", a -> mutate(a, true, List.of()))
                .func("[method]fields.append", a -> mutate(a, false, List.of(a.get(2))))
                .func("[method]fields.get-and-delete", a -> {
                    List<Val> values = get(List.of(a.get(0), a.get(1)));
                    List<Val> deleted = mutate(a, true, List.of());
                    Val.ResultVal r = (Val.ResultVal) deleted.getFirst();
                    return r.isOk() ? one(ok(values.getFirst())) : deleted;
                })
                .func("[method]fields." + entries, a -> {
                    Fields f = get(a.get(0), Fields.class);
                    List<Val> out = new ArrayList<>();
                    for (int i = 0; i < f.names.size(); i++) {
                        out.add(new Val.TupleVal(List.of(Val.string(f.names.get(i)), bytes(f.values.get(i)))));
                    }
                    return one(new Val.ListVal(out));
                })
                .func("[method]fields.clone", a -> {
                    Fields f = get(a.get(0), Fields.class);
                    return one(own(fieldsT, new Fields(new ArrayList<>(f.names), new ArrayList<>(f.values), false)));
                });
    }

    private List<Val> get(List<Val> a) {
        Fields f = get(a.get(0), Fields.class);
        String n = str(a.get(1)).toLowerCase(java.util.Locale.ROOT);
        List<Val> out = new ArrayList<>();
        for (int i = 0; i < f.names.size(); i++) {
            if (f.names.get(i).equals(n)) {
                out.add(bytes(f.values.get(i)));
            }
        }
        return one(new Val.ListVal(out));
    }

    private static final List<Val> NONE = List.of();

    private ResourceType bind(ResourceType t) {
        t.bindDestructor(table::remove);
        return t;
    }

    /** set / delete (replace = true) and append on a fields resource. */
    private List<Val> mutate(List<Val> a, boolean replace, List<Val> newValues) {
        Fields f = get(a.get(0), Fields.class);
        String n = str(a.get(1));
        if (f.immutable) {
            return one(headerError("immutable"));
        }
        if (!validName(n)) {
            return one(headerError("invalid-syntax"));
        }
        String key = n.toLowerCase(java.util.Locale.ROOT);
        if (replace) {
            for (int i = f.names.size() - 1; i >= 0; i--) {
                if (f.names.get(i).equals(key)) {
                    f.names.remove(i);
                    f.values.remove(i);
                }
            }
        }
        for (Val v : newValues) {
            f.names.add(key);
            f.values.add(bytesOf(v));
        }
        return one(ok(null));
    }

    private List<Val> body(List<Val> a) {
        Outgoing o = get(a.get(0), Outgoing.class);
        if (o.bodyTaken) {
            return one(new Val.ResultVal(false, Optional.empty()));
        }
        o.bodyTaken = true;
        o.body = new Body();
        return one(ok(own(outgoingBodyT, o.body)));
    }

    private List<Val> childHeaders(List<Val> a) {
        Fields f = get(a.get(0), Outgoing.class).headers;
        return one(own(fieldsT, new Fields(f.names, f.values, true)));
    }
}
