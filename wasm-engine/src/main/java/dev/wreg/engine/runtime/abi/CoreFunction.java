package dev.wreg.engine.runtime.abi;

/** A core function as the runtime calls it: flat arguments and results as raw bits. */
@FunctionalInterface
public interface CoreFunction {
    long[] call(long... args);
}
