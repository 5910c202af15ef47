package dev.wreg.engine.wasi;

/** A run went past one of the limits granted to it; the message names the limit. */
public final class WasiLimitExceeded extends RuntimeException {
    private final String limit;

    public WasiLimitExceeded(String limit, String message) {
        super("limit `" + limit + "` exceeded: " + message);
        this.limit = limit;
    }

    public String limit() {
        return limit;
    }
}
