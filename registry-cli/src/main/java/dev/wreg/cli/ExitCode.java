package dev.wreg.cli;

/** The process exit codes of {@code wreg}; documented in docs/cli.md. Never renumber. */
public final class ExitCode {
    public static final int OK = 0;
    /** An unexpected failure (a bug, or an answer the CLI does not understand). */
    public static final int SOFTWARE = 1;
    /** Bad arguments or input the registry refused as invalid. */
    public static final int USAGE = 2;

    public static final int NOT_FOUND = 3;
    /** Missing or refused token, or a key that lacks the permission. */
    public static final int AUTH = 4;
    /** The change clashes with what exists (version taken, name claimed, log moved on). */
    public static final int CONFLICT = 5;
    /** A signature, chain, digest or size did not verify: do not trust what was served. */
    public static final int INTEGRITY = 6;
    /** The registry could not be reached or answered 5xx/429; retrying later may work. */
    public static final int UNAVAILABLE = 7;

    private ExitCode() {}
}
