package dev.wreg.engine.runtime;

import dev.wreg.engine.runtime.abi.FuncType;
import java.util.List;

/** A component-level function: lifted from core code, defined by the host, or imported. */
public interface ComponentFunction {
    FuncType type();

    List<Val> call(List<Val> args);
}
