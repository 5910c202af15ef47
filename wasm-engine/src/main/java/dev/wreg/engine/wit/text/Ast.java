package dev.wreg.engine.wit.text;

import dev.wreg.engine.wit.Stability;
import dev.wreg.engine.wit.WitType;
import java.util.List;

/** The syntax tree of one WIT file, before names are resolved. Positions are source offsets. */
final class Ast {
    private Ast() {}

    /** Names as written, with their position for errors. */
    record Name(String text, int pos) {}

    /** {@code ns:name@version} with position. */
    record PackageDecl(String docs, String namespace, String name, String version, int pos) {}

    record File(Source source, PackageDecl pkg, List<TopItem> items) {}

    sealed interface TopItem {}

    record InterfaceDecl(String docs, Stability stability, Name name, List<InterfaceItem> items) implements TopItem {}

    record WorldDecl(String docs, Stability stability, Name name, List<WorldEntry> items) implements TopItem {}

    /** {@code use path as alias;} at the top of a file. */
    record TopUse(UsePath path, Name alias) implements TopItem {}

    record NestedPackage(PackageDecl pkg, List<TopItem> items) implements TopItem {}

    /** A reference to an interface: a local name, or {@code ns:pkg/iface@version}; {@code pos} is where it starts. */
    record UsePath(String namespace, String pkg, String version, Name iface, int pos) {
        boolean isLocal() {
            return namespace == null;
        }

        @Override
        public String toString() {
            return isLocal()
                    ? iface.text()
                    : namespace + ":" + pkg + "/" + iface.text() + (version == null ? "" : "@" + version);
        }
    }

    sealed interface InterfaceItem {}

    record UseItem(Stability stability, UsePath path, List<UseName> names) implements InterfaceItem, WorldEntry {}

    record UseName(Name name, Name as) {}

    record TypeItem(String docs, Stability stability, Name name, TypeBody body) implements InterfaceItem, WorldEntry {}

    record FuncItem(String docs, Stability stability, Name name, FuncType type) implements InterfaceItem {}

    sealed interface TypeBody {}

    record RecordBody(List<Field> fields) implements TypeBody {}

    record Field(String docs, Name name, TypeExpr type) {}

    record VariantBody(List<VariantCase> cases) implements TypeBody {}

    record VariantCase(String docs, Name name, TypeExpr type) {}

    record EnumBody(List<CaseName> cases) implements TypeBody {}

    record FlagsBody(List<CaseName> flags) implements TypeBody {}

    record CaseName(String docs, Name name) {}

    record ResourceBody(List<ResourceFunc> funcs) implements TypeBody {}

    enum ResourceFuncKind {
        METHOD,
        STATIC,
        CONSTRUCTOR
    }

    record ResourceFunc(String docs, Stability stability, ResourceFuncKind kind, Name name, FuncType type) {}

    record AliasBody(TypeExpr type) implements TypeBody {}

    record FuncType(boolean async, List<Param> params, TypeExpr result, int pos) {}

    record Param(Name name, TypeExpr type) {}

    sealed interface TypeExpr {
        int pos();
    }

    record Prim(WitType.Primitive primitive, int pos) implements TypeExpr {}

    record Named(Name name) implements TypeExpr {
        public int pos() {
            return name.pos();
        }
    }

    record ListT(TypeExpr element, int pos) implements TypeExpr {}

    record FixedListT(TypeExpr element, long length, int pos) implements TypeExpr {}

    record MapT(TypeExpr key, TypeExpr value, int pos) implements TypeExpr {}

    record OptionT(TypeExpr type, int pos) implements TypeExpr {}

    record ResultT(TypeExpr ok, TypeExpr err, int pos) implements TypeExpr {}

    record TupleT(List<TypeExpr> types, int pos) implements TypeExpr {}

    record HandleT(boolean borrow, Name resource, int pos) implements TypeExpr {}

    record FutureT(TypeExpr payload, int pos) implements TypeExpr {}

    record StreamT(TypeExpr payload, int pos) implements TypeExpr {}

    sealed interface WorldEntry {}

    /** {@code import}/{@code export}: either {@code name: extern} or a path ({@code name} null). */
    record ExternItem(boolean isImport, String docs, Stability stability, Name name, Extern extern, int pos)
            implements WorldEntry {}

    sealed interface Extern {}

    record FuncExtern(FuncType type) implements Extern {}

    record InlineInterface(List<InterfaceItem> items) implements Extern {}

    record PathExtern(UsePath path) implements Extern {}

    record IncludeItem(Stability stability, UsePath path, List<UseName> renames, int pos) implements WorldEntry {}
}
