package dev.wreg.engine.runtime;

import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.wave.Wave;
import java.util.List;

/** Calls an export from WAVE text and prints the result in WAVE, as {@code wreg run --invoke}. */
final class Invoker {
    private Invoker() {}

    static String invoke(ComponentInstance instance, String callText) {
        Wave.Call call = Wave.parseCall(callText);
        FuncType type = instance.type(call.function());
        List<Val> args = Wave.parseArguments(call.argumentText(), type.params());
        List<Val> results = instance.call(call.function(), args);
        return results.isEmpty() ? "" : Wave.print(results.getFirst(), type.result());
    }
}
