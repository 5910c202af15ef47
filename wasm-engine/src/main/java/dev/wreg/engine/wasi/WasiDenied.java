package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.Val;
import java.util.List;
import java.util.Optional;

/**
 * The network interfaces, present so that components importing them link, but denying every
 * attempt: no grant for the network exists yet, so each entry point answers {@code access-denied}.
 */
final class WasiDenied {
    private WasiDenied() {}

    static void addTo(Linker linker, String version) {
        Val denied = new Val.ResultVal(false, Optional.of(new Val.EnumVal("access-denied")));
        linker.instance("wasi:sockets/tcp-create-socket@" + version).func("create-tcp-socket", a -> List.of(denied));
        linker.instance("wasi:sockets/udp-create-socket@" + version).func("create-udp-socket", a -> List.of(denied));
        linker.instance("wasi:sockets/ip-name-lookup@" + version).func("resolve-addresses", a -> List.of(denied));
        WasiHttp.addTo(linker, version);
        linker.instance("wasi:http/outgoing-handler@" + version)
                .func(
                        "handle",
                        a -> List.of(new Val.ResultVal(
                                false, Optional.of(new Val.VariantVal("HTTP-request-denied", Optional.empty())))));
    }
}
