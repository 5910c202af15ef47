package dev.wreg.engine.wit;

/** What a world imports or exports. */
public sealed interface WorldItem {

    /** An interface; docs and stability are those of the import/export statement. */
    record InterfaceItem(InterfaceId id, String docs, Stability stability) implements WorldItem {}

    /** A function import/export. */
    record FunctionItem(WitFunction function) implements WorldItem {}

    /** A type defined in (or used into) the world; only in imports. */
    record TypeItem(TypeId id) implements WorldItem {}
}
