package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.Linker;

/** Placeholder wiring for wasi:http/types while the real types are written. */
final class WasiHttp {
    private WasiHttp() {}

    static void addTo(Linker linker, String version) {
        Linker.HostInstance h = linker.instance("wasi:http/types@" + version);
        for (String f : new String[] {
            "[constructor]fields",
            "[static]fields.from-list",
            "[method]fields.get",
            "[method]fields.has",
            "[method]fields.set",
            "[method]fields.delete",
            "[method]fields.append",
            "[method]fields.entries",
            "[method]fields.clone",
            "[method]incoming-request.method",
            "[method]incoming-request.path-with-query",
            "[method]incoming-request.scheme",
            "[method]incoming-request.authority",
            "[method]incoming-request.headers",
            "[method]incoming-request.consume",
            "[constructor]outgoing-request",
            "[method]outgoing-request.body",
            "[method]outgoing-request.set-method",
            "[method]outgoing-request.set-path-with-query",
            "[method]outgoing-request.set-scheme",
            "[method]outgoing-request.set-authority",
            "[method]outgoing-request.headers",
            "[static]response-outparam.set",
            "[method]incoming-response.status",
            "[method]incoming-response.headers",
            "[method]incoming-response.consume",
            "[method]incoming-body.stream",
            "[constructor]outgoing-response",
            "[method]outgoing-response.set-status-code",
            "[method]outgoing-response.headers",
            "[method]outgoing-response.body",
            "[method]outgoing-body.write",
            "[static]outgoing-body.finish",
            "[method]future-incoming-response.subscribe",
            "[method]future-incoming-response.get"
        }) {
            h.func(f, a -> {
                throw new ComponentTrap("wasi:http/types#" + f + " is not granted to this run");
            });
        }
    }
}
