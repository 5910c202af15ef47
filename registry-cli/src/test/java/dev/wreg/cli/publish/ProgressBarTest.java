package dev.wreg.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void drawsOneRedrawnLineAndEndsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "uploading");
        bar.progress(50 * 1024, 100 * 1024);
        bar.progress(100 * 1024, 100 * 1024);
        bar.finished();
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertThat(drawn).startsWith("\ruploading [" + "#".repeat(15) + " ".repeat(15) + "] 50.0 KiB/100.0 KiB");
        assertThat(drawn).contains("\ruploading [" + "#".repeat(30) + "] 100.0 KiB/100.0 KiB");
        assertThat(drawn).endsWith(System.lineSeparator());
        assertThat(drawn.chars().filter(c -> c == '\n').count())
                .as("one line feed, at the end")
                .isEqualTo(1);
    }

    @Test
    void sizesReadLikeAPersonWouldWriteThem() {
        assertThat(ProgressBar.human(999)).isEqualTo("999 B");
        assertThat(ProgressBar.human(53519)).isEqualTo("52.3 KiB");
        assertThat(ProgressBar.human(100L * 1024 * 1024)).isEqualTo("100.0 MiB");
        assertThat(ProgressBar.human(3L * 1024 * 1024 * 1024)).isEqualTo("3.00 GiB");
    }
}
