package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.HostFunction;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.ResourceHandle;
import dev.wreg.engine.runtime.abi.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * The network interfaces, present so that components importing them link, but denying every
 * attempt: no grant for the network exists yet, so each entry point that could open a socket or
 * resolve a name answers {@code access-denied}. The socket resources' methods trap, because no
 * socket can exist to call them on.
 */
final class WasiDenied {
    private WasiDenied() {}

    /** The one network a guest may name: it reaches nothing. */
    record Network() {}

    private static final List<String> TCP_METHODS = List.of(
            "start-bind",
            "finish-bind",
            "start-connect",
            "finish-connect",
            "start-listen",
            "finish-listen",
            "accept",
            "local-address",
            "remote-address",
            "is-listening",
            "address-family",
            "set-listen-backlog-size",
            "keep-alive-enabled",
            "set-keep-alive-enabled",
            "keep-alive-idle-time",
            "set-keep-alive-idle-time",
            "keep-alive-interval",
            "set-keep-alive-interval",
            "keep-alive-count",
            "set-keep-alive-count",
            "hop-limit",
            "set-hop-limit",
            "receive-buffer-size",
            "set-receive-buffer-size",
            "send-buffer-size",
            "set-send-buffer-size",
            "subscribe",
            "shutdown");

    private static final List<String> UDP_METHODS = List.of(
            "start-bind",
            "finish-bind",
            "stream",
            "local-address",
            "remote-address",
            "address-family",
            "unicast-hop-limit",
            "set-unicast-hop-limit",
            "receive-buffer-size",
            "set-receive-buffer-size",
            "send-buffer-size",
            "set-send-buffer-size",
            "subscribe");

    static void addTo(Linker linker, String version, ResourceTable table) {
        Val denied = new Val.ResultVal(false, Optional.of(new Val.EnumVal("access-denied")));
        HostFunction noSocket = a -> {
            throw new ComponentTrap("no socket exists: the network is not granted to this run");
        };
        ResourceType network =
                linker.instance("wasi:sockets/network@" + version).resource("network");
        network.bindDestructor(table::remove);
        linker.instance("wasi:sockets/network@" + version)
                .func("network-error-code", a -> List.of(new Val.OptionVal(Optional.empty())));
        linker.instance("wasi:sockets/instance-network@" + version)
                .func(
                        "instance-network",
                        a -> List.of(new Val.Resource(new ResourceHandle(network, table.add(new Network()), true))));
        linker.instance("wasi:sockets/tcp-create-socket@" + version).func("create-tcp-socket", a -> List.of(denied));
        linker.instance("wasi:sockets/udp-create-socket@" + version).func("create-udp-socket", a -> List.of(denied));
        linker.instance("wasi:sockets/ip-name-lookup@" + version).func("resolve-addresses", a -> List.of(denied));
        Linker.HostInstance tcp = linker.instance("wasi:sockets/tcp@" + version);
        tcp.resource("tcp-socket").bindDestructor(table::remove);
        for (String m : TCP_METHODS) {
            tcp.func("[method]tcp-socket." + m, noSocket);
        }
        Linker.HostInstance udp = linker.instance("wasi:sockets/udp@" + version);
        for (String r : List.of("udp-socket", "incoming-datagram-stream", "outgoing-datagram-stream")) {
            udp.resource(r).bindDestructor(table::remove);
        }
        for (String m : UDP_METHODS) {
            udp.func("[method]udp-socket." + m, noSocket);
        }
        for (String m : List.of("receive", "subscribe")) {
            udp.func("[method]incoming-datagram-stream." + m, noSocket);
        }
        for (String m : List.of("check-send", "send", "subscribe")) {
            udp.func("[method]outgoing-datagram-stream." + m, noSocket);
        }
        Linker.HostInstance lookup = linker.instance("wasi:sockets/ip-name-lookup@" + version);
        lookup.resource("resolve-address-stream").bindDestructor(table::remove);
        lookup.func("[method]resolve-address-stream.resolve-next-address", noSocket)
                .func("[method]resolve-address-stream.subscribe", noSocket);
        linker.instance("wasi:http/outgoing-handler@" + version)
                .func(
                        "handle",
                        a -> List.of(new Val.ResultVal(
                                false, Optional.of(new Val.VariantVal("HTTP-request-denied", Optional.empty())))));
    }
}
