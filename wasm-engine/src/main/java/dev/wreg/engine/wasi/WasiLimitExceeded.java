package dev.wreg.engine.wasi;

import dev.wreg.engine.runtime.LimitExceededException;

/** A run went past one of the limits granted to it; the message names the limit. */
public final class WasiLimitExceeded extends LimitExceededException {
    public WasiLimitExceeded(String limit, String message) {
        super(limit, message);
    }

    /** The same breach, as reported by a WASI run. */
    static WasiLimitExceeded of(LimitExceededException e) {
        if (e instanceof WasiLimitExceeded w) {
            return w;
        }
        WasiLimitExceeded w = new WasiLimitExceeded(e.limit(), e.detail());
        w.initCause(e);
        return w;
    }
}
