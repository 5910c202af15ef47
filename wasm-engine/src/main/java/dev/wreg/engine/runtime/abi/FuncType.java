package dev.wreg.engine.runtime.abi;

import java.util.List;

/**
 * A resolved component function type: named parameters, an optional result (null when the
 * function returns nothing) and whether it is an {@code async} function type (🔀).
 */
public record FuncType(List<String> paramNames, List<ValueType> params, ValueType result, boolean async) {
    public FuncType {
        paramNames = List.copyOf(paramNames);
        params = List.copyOf(params);
    }

    public FuncType(List<String> paramNames, List<ValueType> params, ValueType result) {
        this(paramNames, params, result, false);
    }

    public List<ValueType> results() {
        return result == null ? List.of() : List.of(result);
    }
}
