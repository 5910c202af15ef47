package dev.wreg.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail rule, with the system properties set as the build and .ci/run set them. */
class PrerequisitesTest {
    private final String shared = System.getProperty(SharedData.PROPERTY);
    private final String required = System.getProperty(SharedData.REQUIRED);
    private final String update = System.getProperty(GoldenFile.UPDATE);

    @AfterEach
    void restore() {
        restore(SharedData.PROPERTY, shared);
        restore(SharedData.REQUIRED, required);
        restore(GoldenFile.UPDATE, update);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void presentDataIsFound(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("fixtures/wasm"));
        Files.write(dir.resolve("fixtures/wasm/hello.wasm"), new byte[] {0});
        System.setProperty(SharedData.PROPERTY, dir.toString());
        assertThat(SharedData.fixtureWasm("hello")).isEqualTo(dir.resolve("fixtures/wasm/hello.wasm"));
        assertThat(SharedData.locate("fixtures")).isEqualTo(dir.resolve("fixtures"));
    }

    /** What {@code action} printed to standard output (where Surefire shows it). */
    private static String printedBy(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void absentFolderSkipsPrintingOneLineOnceNamingItAndTheProperty(@TempDir Path dir) {
        Path absent = dir.resolve("shared");
        System.setProperty(SharedData.PROPERTY, absent.toString());
        System.setProperty(SharedData.REQUIRED, "false");
        String line = "shared test data missing: " + absent + " (point at the shared folder with -Dwreg.shared=DIR)";
        String printed = printedBy(() -> {
            for (String wanted : new String[] {"conformance/core-validation", "fixtures/wasm"}) {
                assertThatThrownBy(() -> SharedData.require(wanted))
                        .isInstanceOf(TestAbortedException.class)
                        .hasMessage(line);
            }
        });
        assertThat(printed).isEqualTo("SKIPPED: " + line + System.lineSeparator());
        assertThatThrownBy(() -> SharedData.locate("fixtures"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(line);
    }

    @Test
    void aMissingPartOfAPresentFolderIsNamed(@TempDir Path dir) {
        System.setProperty(SharedData.PROPERTY, dir.toString());
        System.setProperty(SharedData.REQUIRED, "false");
        String printed = printedBy(() -> assertThatThrownBy(() -> SharedData.require("tlog-vectors"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("shared test data missing: " + dir.resolve("tlog-vectors") + " "));
        assertThat(printed).startsWith("SKIPPED: shared test data missing: " + dir.resolve("tlog-vectors"));
    }

    @Test
    void requiredTurnsTheSkipIntoAFailure(@TempDir Path dir) {
        System.setProperty(SharedData.PROPERTY, dir.resolve("shared").toString());
        System.setProperty(SharedData.REQUIRED, "true");
        assertThatThrownBy(() -> SharedData.require("fixtures"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageEndingWith("[required: -Dwreg.shared.required=true]");
    }

    @Test
    void goldenFilesAreReadNeverWrittenWithoutTheFlag(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("golden.json");
        System.setProperty(GoldenFile.UPDATE, "false");
        GoldenFile.updateIfRequested(file, "{}\n");
        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> GoldenFile.read(file))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("-Dwreg.update-golden=true");
    }

    @Test
    void updatingAGoldenFileWritesItAndStillFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("golden.json");
        System.setProperty(GoldenFile.UPDATE, "true");
        assertThatThrownBy(() -> GoldenFile.updateIfRequested(file, "{}\n"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("rewrote " + file);
        assertThat(file).hasContent("{}");
        assertThatThrownBy(() -> GoldenFile.updateIfRequested(file, "{}\n"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("unchanged " + file);
    }
}
