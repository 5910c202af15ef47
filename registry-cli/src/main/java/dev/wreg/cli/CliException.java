package dev.wreg.cli;

/**
 * A failure the CLI reports as one line on stderr ({@code wreg: <message>}) and an exit code.
 * Commands throw it; {@link Wreg} turns it into the exit status.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public static CliException notFound(String message) {
        return new CliException(ExitCode.NOT_FOUND, message);
    }

    public static CliException auth(String message) {
        return new CliException(ExitCode.AUTH, message);
    }

    public static CliException conflict(String message) {
        return new CliException(ExitCode.CONFLICT, message);
    }

    public static CliException integrity(String message) {
        return new CliException(ExitCode.INTEGRITY, message);
    }

    public static CliException unavailable(String message) {
        return new CliException(ExitCode.UNAVAILABLE, message);
    }
}
