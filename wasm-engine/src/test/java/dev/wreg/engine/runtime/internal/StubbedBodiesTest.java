package dev.wreg.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.OpCode;

/** {@link StubbedBodies}: compiled bodies become stubs, except those the run still reads. */
class StubbedBodiesTest {

    /** Two functions of type () -> (): f0 {@code nop}, f1 grows table 0 by one null reference. */
    private static final byte[] MODULE = {
        0x00,
        0x61,
        0x73,
        0x6d,
        0x01,
        0x00,
        0x00,
        0x00,
        0x01,
        0x04,
        0x01,
        0x60,
        0x00,
        0x00, // type section: () -> ()
        0x03,
        0x03,
        0x02,
        0x00,
        0x00, // function section: two functions of type 0
        0x04,
        0x04,
        0x01,
        0x70,
        0x00,
        0x01, // table section: funcref, min 1
        0x0a,
        0x10,
        0x02, // code section, 16 bytes, two bodies
        0x03,
        0x00,
        0x01,
        0x0b, // f0: nop
        0x0a,
        0x00,
        (byte) 0xd0,
        0x70,
        0x41,
        0x01,
        (byte) 0xfc,
        0x0f,
        0x00,
        0x1a,
        0x0b // f1: table.grow 0
    };

    @Test
    void compiledBodiesBecomeStubsButOnesThatMayGrowATableStay() {
        WasmModule whole = Parser.parse(MODULE);
        assertThat(whole.codeSection().getFunctionBody(0).instructions()).hasSize(2); // nop, end

        WasmModule stubbed = Parser.parse(StubbedBodies.strip(MODULE, Set.of()));
        assertThat(stubbed.codeSection().getFunctionBody(0).instructions())
                .extracting(i -> i.opcode())
                .containsExactly(OpCode.UNREACHABLE, OpCode.END);
        assertThat(stubbed.codeSection().getFunctionBody(1).instructions())
                .as("LimitBudget looks for table.grow in the bodies")
                .extracting(i -> i.opcode())
                .contains(OpCode.TABLE_GROW);
    }

    @Test
    void interpretedBodiesStayWhole() {
        WasmModule stubbed = Parser.parse(StubbedBodies.strip(MODULE, Set.of(0)));
        assertThat(stubbed.codeSection().getFunctionBody(0).instructions())
                .extracting(i -> i.opcode())
                .containsExactly(OpCode.NOP, OpCode.END);
    }

    @Test
    void tableGrowIsFoundInNonMinimalEncodingsToo() {
        byte[] minimal = {(byte) 0xfc, 0x0f, 0x00};
        byte[] padded = {(byte) 0xfc, (byte) 0x8f, (byte) 0x80, 0x00, 0x00};
        byte[] tableSize = {(byte) 0xfc, 0x10, 0x00};
        assertThat(StubbedBodies.mayGrowTables(minimal, 0, minimal.length)).isTrue();
        assertThat(StubbedBodies.mayGrowTables(padded, 0, padded.length)).isTrue();
        assertThat(StubbedBodies.mayGrowTables(tableSize, 0, tableSize.length)).isFalse();
    }

    @Test
    void onDemandABodyThatMayGrowATableIsParsedAtOnceForTheTableLimit() {
        WasmModule lazy = new ModuleCache(4, 1 << 20)
                .prepare(MODULE, ModuleCache.Compile.NEVER, true)
                .module();
        assertThat(ModuleCache.awaitingFirstRun(lazy.codeSection().getFunctionBody(0)))
                .isTrue();
        assertThat(ModuleCache.awaitingFirstRun(lazy.codeSection().getFunctionBody(1)))
                .isFalse();
        assertThat(lazy.codeSection().getFunctionBody(1).instructions())
                .extracting(i -> i.opcode())
                .contains(OpCode.TABLE_GROW);
    }
}
