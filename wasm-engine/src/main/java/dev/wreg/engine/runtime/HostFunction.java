package dev.wreg.engine.runtime;

import java.util.List;

/** A component function implemented in Java: takes and returns {@link Val}s. */
@FunctionalInterface
public interface HostFunction {
    /** Returns the results (empty, or one value). Throw {@link ComponentTrap} to trap the caller. */
    List<Val> call(List<Val> args);
}
