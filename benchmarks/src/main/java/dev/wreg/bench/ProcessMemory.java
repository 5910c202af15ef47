package dev.wreg.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the memory benchmarks read of a server process: its RSS from /proc, and jcmd's answers. */
final class ProcessMemory {
    private ProcessMemory() {}

    /** Resident set size (VmRSS) of a process, in bytes; 0 once it has ended. */
    static long rss(long pid) {
        return status(pid, "VmRSS:");
    }

    /** Peak resident set size (VmHWM) of a process, in bytes; 0 once it has ended. */
    static long peakRss(long pid) {
        return status(pid, "VmHWM:");
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length())
                                    .replace("kB", "")
                                    .strip())
                            << 10;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process ended between two samples.
        }
        return 0;
    }

    /** What {@code jcmd PID command...} prints; fails if it does not answer within a minute or fails. */
    static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + out);
        }
        return out;
    }
}
