package dev.wreg.engine.wit.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.wit.component.ComponentInterfaces.Direction;
import dev.wreg.engine.wit.component.ComponentInterfaces.InterfaceUse;
import dev.wreg.engine.wit.text.WitParser;
import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ComponentInterfacesTest {

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(SharedData.fixtureWasm(name));
    }

    @Test
    void aConsumerImportsTheVersionedInterfaceWithItsFunctions() throws IOException {
        ComponentInterfaces c = ComponentInterfaces.of(fixture("calc-consumer-1.1.0"));
        assertThat(c.uses()).hasSize(1);
        InterfaceUse ops = c.uses().getFirst();
        assertThat(ops.direction()).isEqualTo(Direction.IMPORT);
        assertThat(ops.id()).isEqualTo("example:calc/ops");
        assertThat(ops.qualified()).isEqualTo("example:calc/ops@1.1.0");
        assertThat(ops.version()).isEqualTo("1.1.0");
        assertThat(ops.functions()).containsExactly("add", "mul");
        assertThat(ops.wit())
                .startsWith("package example:calc@1.1.0;\n\ninterface ops {")
                .contains("mul: func(");
        assertThat(c.description()).isNull();
    }

    @Test
    void aMiddleLinkImportsAndExportsAnUnversionedInterface() throws IOException {
        ComponentInterfaces c = ComponentInterfaces.of(fixture("greeter-exclaim"));
        assertThat(c.uses())
                .extracting(u -> u.direction() + " " + u.qualified() + " " + u.functions())
                .containsExactly("IMPORT example:greeter/greet [greet]", "EXPORT example:greeter/greet [greet]");
        assertThat(c.uses().getFirst().version()).isNull();
    }

    @Test
    void theDescriptionSectionIsRead() throws IOException {
        byte[] described = withCustomSection(fixture("calc-provider-1.0.0"), "description", "Adds numbers, fast.");
        ComponentInterfaces c = ComponentInterfaces.of(described);
        assertThat(c.description()).isEqualTo("Adds numbers, fast.");
        assertThat(c.uses()).extracting(InterfaceUse::qualified).containsExactly("example:calc/ops@1.0.0");
        assertThat(c.uses().getFirst().direction()).isEqualTo(Direction.EXPORT);

        byte[] huge = withCustomSection(fixture("calc-provider-1.0.0"), "description", "x".repeat(10_000));
        assertThat(ComponentInterfaces.of(huge).description()).hasSize(ComponentInterfaces.MAX_DESCRIPTION_CHARS);
    }

    @Test
    void aWitPackageDefinesItsInterfacesAndIsDescribedByItsDocs() throws IOException {
        WitParser.Parsed parsed = WitParser.parseString("calc.wit", """
                /// Arithmetic for the semver fixtures.
                package example:calc@1.1.0;

                interface ops {
                  add: func(a: u32, b: u32) -> u32;
                  mul: func(a: u32, b: u32) -> u32;
                }
                """);
        byte[] pkg = WitPackageEncoder.encode(parsed.resolve(), parsed.main());
        ComponentInterfaces c = ComponentInterfaces.of(pkg);
        assertThat(c.uses())
                .extracting(u -> u.direction() + " " + u.qualified())
                .containsExactly("DEFINE example:calc/ops@1.1.0");
        assertThat(c.description()).isEqualTo("Arithmetic for the semver fixtures.");
    }

    @Test
    void notAComponentIsAFormatError() {
        assertThatThrownBy(() -> ComponentInterfaces.of(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}))
                .isInstanceOf(ComponentFormatException.class);
    }

    /** The component with a custom section appended (custom sections may stand anywhere). */
    static byte[] withCustomSection(byte[] component, String name, String text) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        leb(payload, nameBytes.length);
        payload.writeBytes(nameBytes);
        payload.writeBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(component);
        out.write(0);
        leb(out, payload.size());
        out.writeBytes(payload.toByteArray());
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}
