/**
 * A WASI 0.2 host with deny-by-default capabilities: {@link dev.wreg.engine.wasi.WasiHost} (grants
 * and {@link dev.wreg.engine.wasi.WasiHost.Limits}), {@link dev.wreg.engine.wasi.WasiRun} (runs
 * {@code wasi:cli/run} on a guest thread of its own, so a timeout can interrupt it and a deep
 * recursion only exhausts that thread's stack) and {@link dev.wreg.engine.wasi.IncomingHandler}
 * (calls {@code wasi:http/incoming-handler} with an in-memory request).
 *
 * <p>Every limit breach ends the run with a {@link dev.wreg.engine.wasi.WasiLimitExceeded} naming
 * the limit: {@code timeout}, {@code memory}, {@code tables}, {@code instances}, {@code stack},
 * {@code output}, {@code file-size}, {@code resources}. Other runs in the same JVM go on.
 */
package dev.wreg.engine.wasi;
