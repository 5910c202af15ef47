package dev.wreg.cli.publish;

import dev.wreg.cli.client.TransferListener;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line transfer progress bar on stderr, redrawn at most ten times a second. */
public final class ProgressBar implements TransferListener {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String label;
    private final long started = System.nanoTime();
    private long lastDraw;

    public ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public synchronized void progress(long done, long total) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = total <= 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / total);
        double seconds = Math.max((now - started) / 1e9, 1e-3);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + human(done) + "/"
                + human(total) + " " + human((long) (done / seconds)) + "/s ");
        err.flush();
    }

    @Override
    public synchronized void finished() {
        err.println();
    }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
