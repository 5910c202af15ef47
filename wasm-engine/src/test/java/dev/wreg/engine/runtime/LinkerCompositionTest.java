package dev.wreg.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.testsupport.SharedData;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Component-to-component calls through the {@link Linker}: one instance's export serves another's
 * import as a host instance (values are lifted from the callee and lowered into the caller, no
 * shared memory). Reproduces the {@code plugs} entries of {@code calls.json} that need no WASI.
 */
class LinkerCompositionTest {

    private static ComponentInstance instantiate(String fixture, Linker linker) throws Exception {
        return PreparedComponent.fromBytes(Files.readAllBytes(SharedData.fixtureWasm(fixture)))
                .instantiate(linker);
    }

    /** A linker whose {@code iface} forwards every listed function to {@code provider}. */
    private static Linker serving(String iface, ComponentInstance provider, String providerIface, String... fns) {
        Linker linker = new Linker();
        Linker.HostInstance hi = linker.instance(iface);
        for (String f : fns) {
            hi.func(f, args -> provider.call(providerIface + "#" + f, args));
        }
        return linker;
    }

    @Test
    void socketPluggedWithUpper() throws Exception {
        ComponentInstance upper = instantiate("greeter-upper", new Linker());
        Linker linker = serving("example:greeter/greet", upper, "example:greeter/greet", "greet");
        assertEquals(
                List.of(Val.string("WREG")),
                instantiate("greeter-socket", linker).call("run", List.of()));
    }

    @Test
    void socketExclaimReverseChain() throws Exception {
        ComponentInstance reverse = instantiate("greeter-reverse", new Linker());
        ComponentInstance exclaim = instantiate(
                "greeter-exclaim", serving("example:greeter/greet", reverse, "example:greeter/greet", "greet"));
        ComponentInstance socket = instantiate(
                "greeter-socket", serving("example:greeter/greet", exclaim, "example:greeter/greet", "greet"));
        assertEquals(List.of(Val.string("gerw!")), socket.call("run", List.of()));
    }

    @Test
    void calcConsumer100AcceptsProvider110BySemver() throws Exception {
        ComponentInstance provider = instantiate("calc-provider-1.1.0", new Linker());
        Linker linker = serving("example:calc/ops@1.1.0", provider, "example:calc/ops@1.1.0", "add", "mul");
        assertEquals(
                List.of(Val.u32(42)), instantiate("calc-consumer-1.0.0", linker).call("run", List.of()));
    }

    @Test
    void calcConsumer100RefusesProvider200() throws Exception {
        ComponentInstance provider = instantiate("calc-provider-2.0.0", new Linker());
        Linker linker = serving("example:calc/ops@2.0.0", provider, "example:calc/ops@2.0.0", "add");
        LinkException e = assertThrows(LinkException.class, () -> instantiate("calc-consumer-1.0.0", linker));
        assertEquals(List.of("example:calc/ops@1.0.0"), e.unsatisfied());
        assertTrue(e.getMessage().contains("unsatisfied imports: example:calc/ops@1.0.0"), e.getMessage());
    }

    @Test
    void calc200Signed64() throws Exception {
        ComponentInstance provider = instantiate("calc-provider-2.0.0", new Linker());
        Linker linker = serving("example:calc/ops@2.0.0", provider, "example:calc/ops@2.0.0", "add");
        assertEquals(
                List.of(new Val.S64(-4999999997L)),
                instantiate("calc-consumer-2.0.0", linker).call("run", List.of()));
    }
}
