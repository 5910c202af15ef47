package dev.wreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.PackedList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The component {@code ComponentCallBenchmark} measures bulk lists with: what goes in comes back,
 * byte for byte, packed or not, many times over one instance (its allocator is reset after each
 * call), under both engines.
 */
class EchoComponentTest {

    @ParameterizedTest
    @EnumSource(
            value = ExecutionPolicy.class,
            names = {"INTERPRETER", "COMPILER"})
    void bytesAndStringsComeBackUnchanged(ExecutionPolicy engine) {
        ComponentInstance echo =
                PreparedComponent.of(EchoComponent.build(), engine).instantiate(new Linker());
        byte[] mib = new byte[1 << 20];
        new Random(16).nextBytes(mib);
        for (int round = 0; round < 20; round++) {
            Val.ListVal back = (Val.ListVal)
                    echo.call("echo-bytes", List.of(Val.bytes(mib))).getFirst();
            assertThat(back.elements()).isInstanceOf(PackedList.class).hasSize(mib.length);
            assertThat(((PackedList) back.elements()).toByteArray()).isEqualTo(mib);
        }
        String s = "wreg ✓ ".repeat(100_000);
        assertThat(echo.call("echo-string", List.of(Val.string(s)))).containsExactly(Val.string(s));
        String ascii = "wreg-0123456789 ".repeat(65_536); // 1 MiB
        for (String export : List.of("echo-string-utf16", "echo-string-latin1-utf16")) {
            for (int round = 0; round < 3; round++) {
                assertThat(echo.call(export, List.of(Val.string(ascii)))).containsExactly(Val.string(ascii));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = ExecutionPolicy.class,
            names = {"INTERPRETER", "COMPILER"})
    void aListOfSeparateValuesIsLoweredAndEqualsItsPackedResult(ExecutionPolicy engine) {
        ComponentInstance echo =
                PreparedComponent.of(EchoComponent.build(), engine).instantiate(new Linker());
        List<Val> separate = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            separate.add(new Val.U8((byte) (i * 7)));
        }
        Val.ListVal sent = new Val.ListVal(separate);
        Val back = echo.call("echo-bytes", List.of(sent)).getFirst();
        assertThat(back).isEqualTo(sent);
        assertThat(sent).isEqualTo(back);
        assertThat(back.hashCode()).isEqualTo(sent.hashCode());
        assertThat(((Val.ListVal) back).elements().get(999)).isEqualTo(new Val.U8((byte) (999 * 7)));
    }
}
