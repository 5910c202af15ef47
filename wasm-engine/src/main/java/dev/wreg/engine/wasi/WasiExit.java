package dev.wreg.engine.wasi;

/** Thrown by {@code wasi:cli/exit#exit} to unwind the guest; {@link WasiRun} turns it into an exit code. */
public final class WasiExit extends RuntimeException {
    private final int code;

    public WasiExit(int code) {
        super("guest called exit(" + code + ")", null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
