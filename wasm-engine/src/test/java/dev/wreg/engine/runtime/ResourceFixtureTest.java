package dev.wreg.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.testsupport.SharedData;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counter-provider fixture driven from the host: constructors, methods, borrows, own moves, drop. */
class ResourceFixtureTest {

    @Test
    void counterLifecycle() throws Exception {
        ComponentInstance p = PreparedComponent.fromBytes(
                        Files.readAllBytes(SharedData.fixtureWasm("counter-provider")))
                .instantiate(new Linker());
        Val a = p.call("[constructor]counter", List.of(Val.u32(10))).getFirst();
        Val b = p.call("[constructor]counter", List.of(Val.u32(5))).getFirst();
        assertEquals(List.of(Val.u32(12)), p.call("[method]counter.increment", List.of(a, Val.u32(2))));
        assertEquals(List.of(Val.u32(5)), p.call("peek", List.of(b)));
        assertEquals(List.of(Val.u32(2)), p.call("live", List.of()));

        Val sum = p.call("[static]counter.merge", List.of(a, b)).getFirst();
        assertEquals(List.of(Val.u32(17)), p.call("[method]counter.get", List.of(sum)));
        ComponentTrap moved = assertThrows(ComponentTrap.class, () -> p.call("peek", List.of(a)));
        assertTrue(moved.getMessage().contains("used after it was transferred"), moved.getMessage());
    }

    @Test
    void hostDropRunsTheDestructor() throws Exception {
        ComponentInstance p = PreparedComponent.fromBytes(
                        Files.readAllBytes(SharedData.fixtureWasm("counter-provider")))
                .instantiate(new Linker());
        Val c = p.call("[constructor]counter", List.of(Val.u32(1))).getFirst();
        assertEquals(List.of(Val.u32(1)), p.call("live", List.of()));
        p.drop((Val.Resource) c);
        assertEquals(List.of(Val.u32(0)), p.call("live", List.of()));
    }
}
