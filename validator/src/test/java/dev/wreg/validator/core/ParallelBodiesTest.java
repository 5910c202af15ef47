package dev.wreg.validator.core;

import static dev.wreg.validator.core.Wasm.concat;
import static dev.wreg.validator.core.Wasm.leb;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Function bodies of large code sections are validated in parallel; the verdict must be the one
 * validation in order gives: the same message and offset, from the first invalid body by index,
 * before anything wrong after the code section. Each test compares both ways on modules whose
 * code section is well over {@link FunctionBodies#PARALLEL_THRESHOLD_BYTES}.
 */
class ParallelBodiesTest {

    private static final int FUNCTIONS = 3000;
    /** Enough {@code nop}s that the code section passes the parallel threshold. */
    private static final int PADDING = 2 * FunctionBodies.PARALLEL_THRESHOLD_BYTES / FUNCTIONS;

    /**
     * {@code FUNCTIONS} functions of type [] -> [], each {@code PADDING} nops and {@code end};
     * those in {@code invalid} leave an i32 on the stack, those in {@code refFunc} take {@code
     * ref.func 0}. With {@code memory}, a memory and a data segment whose offset is {@code
     * dataOffset}; {@code cutCode} drops the code section's last bytes.
     */
    private static byte[] module(
            Set<Integer> invalid, Set<Integer> refFunc, boolean memory, byte[] dataOffset, int cutCode) {
        ByteArrayOutputStream functions = new ByteArrayOutputStream();
        functions.writeBytes(leb(FUNCTIONS));
        for (int i = 0; i < FUNCTIONS; i++) {
            functions.write(0);
        }
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.writeBytes(leb(FUNCTIONS));
        for (int i = 0; i < FUNCTIONS; i++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(0); // no locals
            for (int j = 0; j < PADDING; j++) {
                body.write(0x01);
            }
            if (invalid.contains(i)) {
                body.writeBytes(concat(0x41, 7));
            }
            if (refFunc.contains(i)) {
                body.writeBytes(concat(0xD2, 0, 0x1A));
            }
            body.write(0x0B);
            code.writeBytes(leb(body.size()));
            code.writeBytes(body.toByteArray());
        }
        byte[] codeBytes = code.toByteArray();
        Wasm w = Wasm.module().section(1, concat(0x01, 0x60, 0x00, 0x00)).section(3, functions.toByteArray());
        if (memory) {
            w.section(5, concat(0x01, 0x00, 0x01));
        }
        if (cutCode > 0) {
            byte[] cut = new byte[codeBytes.length - cutCode];
            System.arraycopy(codeBytes, 0, cut, 0, cut.length);
            return w.section(10, cut).bytes();
        }
        w.section(10, codeBytes);
        if (dataOffset != null) {
            w.section(11, concat(0x01, 0x00, dataOffset, 0x0B, 0x00));
        }
        return w.bytes();
    }

    private static byte[] module(Set<Integer> invalid) {
        return module(invalid, Set.of(), false, null, 0);
    }

    /** The parallel verdict, checked to equal the in-order one. */
    private static ValidationResult sameBothWays(byte[] module) {
        CoreValidator v = CoreValidator.of(Features.defaults());
        ValidationResult inOrder = v.validate(module, false);
        for (int run = 0; run < 5; run++) {
            assertThat(v.validate(module, true)).isEqualTo(inOrder);
        }
        return inOrder;
    }

    private static String message(ValidationResult r) {
        return ((ValidationResult.Invalid) r).message();
    }

    @Test
    void theCodeSectionIsLargeEnoughToGoParallel() {
        assertThat(module(Set.of()).length).isGreaterThan(FunctionBodies.PARALLEL_THRESHOLD_BYTES);
    }

    @Test
    void validBodiesAreValid() {
        assertThat(sameBothWays(module(Set.of()))).isEqualTo(ValidationResult.valid());
    }

    @Test
    void theFirstInvalidBodyByIndexIsReported() {
        ValidationResult r = sameBothWays(module(Set.of(700, 1500, 2999)));
        assertThat(message(r)).isEqualTo("type mismatch: values remaining on stack at end of block");
        ValidationResult firstOnly = sameBothWays(module(Set.of(700)));
        assertThat(r).isEqualTo(firstOnly);
        assertThat(r).isNotEqualTo(sameBothWays(module(Set.of(1500))));
    }

    @Test
    void randomInvalidBodiesGiveTheInOrderVerdict() {
        Random random = new Random(20261206);
        for (int round = 0; round < 10; round++) {
            Set<Integer> invalid = new java.util.HashSet<>();
            for (int k = random.nextInt(4); k >= 0; k--) {
                invalid.add(random.nextInt(FUNCTIONS));
            }
            sameBothWays(module(invalid));
        }
    }

    @Test
    void anInvalidBodyComesBeforeAnErrorAfterTheCodeSection() {
        // The data segment's offset is an i64 where an i32 belongs.
        byte[] badOffset = concat(0x42, 0);
        ValidationResult dataOnly = sameBothWays(module(Set.of(), Set.of(), true, badOffset, 0));
        assertThat(message(dataOnly)).startsWith("type mismatch");
        ValidationResult both = sameBothWays(module(Set.of(2900), Set.of(), true, badOffset, 0));
        assertThat(both).isEqualTo(sameBothWays(module(Set.of(2900), Set.of(), true, concat(0x41, 0), 0)));
        assertThat(message(both)).isEqualTo("type mismatch: values remaining on stack at end of block");
    }

    @Test
    void anInvalidBodyComesBeforeABrokenBodyAfterIt() {
        ValidationResult cut = sameBothWays(module(Set.of(), Set.of(), false, null, 10));
        assertThat(message(cut)).contains("function body extends past the section");
        ValidationResult both = sameBothWays(module(Set.of(100), Set.of(), false, null, 10));
        assertThat(message(both)).isEqualTo("type mismatch: values remaining on stack at end of block");
    }

    @Test
    void aReferenceDeclaredOnlyAfterTheCodeSectionDoesNotCountForBodies() {
        // ref.func 0 in a body needs 0 declared before the code section; the data segment's offset
        // (ref.func 0, itself a type error there) comes too late, in order and in parallel alike.
        byte[] refFuncOffset = concat(0xD2, 0);
        ValidationResult r = sameBothWays(module(Set.of(), Set.of(1200), true, refFuncOffset, 0));
        assertThat(message(r)).contains("undeclared function reference");
    }

    @Test
    void largeRealModulesGetTheSameVerdictBothWays() throws IOException {
        // The core modules inside the shared fixtures' components, StarlingMonkey's 12 MB included.
        Path fixtures = SharedData.require("fixtures/wasm");
        List<byte[]> modules = new ArrayList<>();
        try (Stream<Path> files = Files.list(fixtures)) {
            for (Path f : files.filter(p -> p.toString().endsWith("-js.wasm"))
                    .sorted()
                    .toList()) {
                for (var section : dev.wreg.engine.binary.ComponentDecoder.decode(Files.readAllBytes(f))
                        .sections()) {
                    if (section instanceof dev.wreg.engine.binary.Section.CoreModuleSection m) {
                        modules.add(m.module().bytes().toArray());
                    }
                }
            }
        }
        assertThat(modules).isNotEmpty();
        for (byte[] m : modules) {
            assertThat(sameBothWays(m)).isEqualTo(ValidationResult.valid());
        }
    }
}
