package dev.wreg.engine.runtime.abi;

import java.util.List;

/**
 * A resolved component function type: named parameters and an optional result (null when the
 * function returns nothing).
 */
public record FuncType(List<String> paramNames, List<ValueType> params, ValueType result) {
    public FuncType {
        paramNames = List.copyOf(paramNames);
        params = List.copyOf(params);
    }

    public List<ValueType> results() {
        return result == null ? List.of() : List.of(result);
    }
}
