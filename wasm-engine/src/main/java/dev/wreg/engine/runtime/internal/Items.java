package dev.wreg.engine.runtime.internal;

import dev.wreg.engine.runtime.ComponentFunction;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.CoreFunction;
import java.util.Map;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.Memory;
import run.endive.runtime.TableInstance;
import run.endive.wasm.WasmModule;

/** The things that live in a component's index spaces while it is being instantiated. */
public final class Items {
    private Items() {}

    public record CoreFunc(CoreFunction fn) {}

    public record CoreMemory(Memory memory) {}

    public record CoreTable(TableInstance table) {}

    public record CoreGlobal(GlobalInstance global) {}

    public record CoreTag(Object tag) {}

    public record CoreInstanceItem(Map<String, Object> exports) {}

    public record ModuleItem(WasmModule module) {}

    public record FuncItem(ComponentFunction func) {}

    /** A component definition together with the scope its outer aliases see. */
    public record ComponentDef(dev.wreg.engine.binary.Component component, Scope outer) {}

    public record InstanceItem(Map<String, Object> exports) {}

    public record ValueItem(Val value) {}
}
