package dev.wreg.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.engine.runtime.ExecutionPolicy;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The {@link ExecutionPolicy#AUTO} rule by code size: compile the middle sizes, interpret the
 * small ones unless an earlier compilation exists, and the very large ones likewise — except when
 * their bodies are parsed on demand, where they are interpreted even if compiled in the cache.
 */
class AutoPolicyTest {

    /** A module holding only a code section of {@code size} bytes (only its size is read). */
    private static byte[] withCode(int size) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 10});
        long v = size;
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            m.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        m.writeBytes(new byte[size]);
        return m.toByteArray();
    }

    @Test
    void autoChoosesByCodeSizeAndLeavesAVeryLargeModuleOnDemandToTheInterpreter() {
        byte[] small = withCode(1024);
        byte[] middle = withCode(1 << 20);
        byte[] large = withCode((int) ExecutionPolicy.AUTO_MAX_CODE_BYTES + 1);
        assertThat(CoreEngine.codeBytes(large)).isEqualTo(ExecutionPolicy.AUTO_MAX_CODE_BYTES + 1);
        for (boolean onDemand : new boolean[] {false, true}) {
            assertThat(CoreEngine.compile(ExecutionPolicy.AUTO, small, onDemand))
                    .isEqualTo(ModuleCache.Compile.IF_CACHED);
            assertThat(CoreEngine.compile(ExecutionPolicy.AUTO, middle, onDemand))
                    .isEqualTo(ModuleCache.Compile.ALWAYS);
            assertThat(CoreEngine.compile(ExecutionPolicy.INTERPRETER, middle, onDemand))
                    .isEqualTo(ModuleCache.Compile.NEVER);
            assertThat(CoreEngine.compile(ExecutionPolicy.COMPILER, large, onDemand))
                    .isEqualTo(ModuleCache.Compile.ALWAYS);
        }
        assertThat(CoreEngine.compile(ExecutionPolicy.AUTO, large, false)).isEqualTo(ModuleCache.Compile.IF_CACHED);
        assertThat(CoreEngine.compile(ExecutionPolicy.AUTO, large, true)).isEqualTo(ModuleCache.Compile.NEVER);
    }
}
