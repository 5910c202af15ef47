package dev.wreg.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Decides whether the process talks to a person (so a progress bar makes sense). */
final class TerminalDetection {

    private TerminalDetection() {}

    static boolean stderrIsTerminal() {
        if (System.getenv("NO_COLOR") != null && System.getenv("WREG_PROGRESS") == null) {
            // NO_COLOR users usually also want plain output; WREG_PROGRESS=1 overrides.
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 on System.console() is non-null even when redirected; isTerminal() tells.
        // The build targets release 21, hence the reflective call.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
