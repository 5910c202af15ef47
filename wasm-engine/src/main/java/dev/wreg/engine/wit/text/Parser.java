package dev.wreg.engine.wit.text;

import dev.wreg.engine.wit.SemverSyntax;
import dev.wreg.engine.wit.Stability;
import dev.wreg.engine.wit.WitType;
import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser for one WIT file (the grammar of the component model's WIT.md). */
final class Parser {
    private static final int MAX_TYPE_DEPTH = 100;
    private static final int MAX_PACKAGE_DEPTH = 32;

    private final Source source;
    private final List<Token> tokens;
    private final List<List<String>> comments;
    private int index;

    private Parser(Source source) {
        this.source = source;
        Lexer lexer = Lexer.lex(source);
        this.tokens = lexer.tokens;
        this.comments = lexer.comments;
    }

    static Ast.File parse(Source source) {
        return new Parser(source).file();
    }

    // ---- token helpers ----

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.EOF) {
            index++;
        }
        return t;
    }

    private boolean at(String s) {
        Token t = peek();
        return t.kind() != Token.Kind.EXPLICIT_ID && t.is(s);
    }

    private boolean eat(String s) {
        if (at(s)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(String s) {
        if (!at(s)) {
            throw unexpected("`" + s + "`");
        }
        return next();
    }

    private WitParseException unexpected(String expected) {
        Token t = peek();
        String found = switch (t.kind()) {
            case EOF -> "end of file";
            case STRING -> "a string";
            case NUMBER -> "`" + t.text() + "`";
            case EXPLICIT_ID -> "`%" + t.text() + "`";
            default -> "`" + t.text() + "`";
        };
        return source.error(t.start(), "expected " + expected + ", found " + found);
    }

    /** An identifier: an explicit {@code %id} or a plain id that is not a keyword. */
    private Ast.Name id() {
        Token t = peek();
        if (t.kind() == Token.Kind.EXPLICIT_ID || (t.kind() == Token.Kind.ID && !Keywords.isKeyword(t.text()))) {
            next();
            return new Ast.Name(t.text(), t.start());
        }
        throw unexpected("an identifier");
    }

    private boolean atId() {
        Token t = peek();
        return t.kind() == Token.Kind.EXPLICIT_ID || (t.kind() == Token.Kind.ID && !Keywords.isKeyword(t.text()));
    }

    /** Docs from the comments directly before the current token. */
    private String docs() {
        return Docs.of(comments.get(index));
    }

    // ---- file structure ----

    private Ast.File file() {
        Ast.PackageDecl pkg = null;
        if (at("package")) {
            int save = index;
            String docs = docs();
            next();
            Ast.PackageDecl decl = packageName(docs);
            if (eat(";")) {
                pkg = decl;
            } else {
                index = save; // a nested package block
            }
        }
        List<Ast.TopItem> items = new ArrayList<>();
        while (peek().kind() != Token.Kind.EOF) {
            items.add(topItem(0));
        }
        return new Ast.File(source, pkg, items);
    }

    private Ast.PackageDecl packageName(String docs) {
        int pos = peek().start();
        Ast.Name ns = id();
        expect(":");
        Ast.Name name = id();
        String version = null;
        if (eat("@")) {
            version = version();
        }
        return new Ast.PackageDecl(docs, ns.text(), name.text(), version, pos);
    }

    private String version() {
        Token t = peek();
        if (t.kind() != Token.Kind.NUMBER) {
            throw unexpected("a version");
        }
        next();
        if (!SemverSyntax.isValid(t.text())) {
            throw source.error(t.start(), "invalid semver `" + t.text() + "`");
        }
        return t.text();
    }

    private Ast.TopItem topItem(int depth) {
        String docs = docs();
        Stability stability = gates();
        if (at("interface")) {
            next();
            Ast.Name name = id();
            return new Ast.InterfaceDecl(docs, stability, name, interfaceBody());
        }
        if (at("world")) {
            next();
            Ast.Name name = id();
            return new Ast.WorldDecl(docs, stability, name, worldBody());
        }
        if (at("use")) {
            next();
            Ast.UsePath path = usePath();
            Ast.Name alias = eat("as") ? id() : null;
            expect(";");
            return new Ast.TopUse(path, alias);
        }
        if (at("package")) {
            if (depth >= MAX_PACKAGE_DEPTH) {
                throw source.error(peek().start(), "packages nested too deeply");
            }
            next();
            Ast.PackageDecl decl = packageName(docs);
            expect("{");
            List<Ast.TopItem> items = new ArrayList<>();
            while (!at("}")) {
                if (peek().kind() == Token.Kind.EOF) {
                    throw unexpected("`}`");
                }
                Ast.TopItem item = topItem(depth + 1);
                if (item instanceof Ast.NestedPackage) {
                    throw source.error(decl.pos(), "nested packages must be placed at the top level");
                }
                items.add(item);
            }
            next();
            return new Ast.NestedPackage(decl, items);
        }
        throw unexpected("`world`, `interface`, `use` or `package`");
    }

    /** Feature gates ({@code @since}, {@code @unstable}, {@code @deprecated}) and {@code @external-id}. */
    private Stability gates() {
        String since = null;
        String feature = null;
        String deprecated = null;
        int firstPos = peek().start();
        while (at("@")) {
            int pos = next().start();
            Token kw = peek();
            if (kw.kind() != Token.Kind.ID) {
                throw unexpected("`since`, `unstable`, `deprecated` or `external-id`");
            }
            next();
            expect("(");
            switch (kw.text()) {
                case "since" -> {
                    if (since != null) {
                        throw source.error(pos, "duplicate `@since` attribute");
                    }
                    expectKeyword("version");
                    expect("=");
                    since = version();
                }
                case "unstable" -> {
                    if (feature != null) {
                        throw source.error(pos, "duplicate `@unstable` attribute");
                    }
                    expectKeyword("feature");
                    expect("=");
                    feature = id().text();
                }
                case "deprecated" -> {
                    if (deprecated != null) {
                        throw source.error(pos, "duplicate `@deprecated` attribute");
                    }
                    expectKeyword("version");
                    expect("=");
                    deprecated = version();
                }
                case "external-id" -> {
                    if (peek().kind() != Token.Kind.STRING) {
                        throw unexpected("a string");
                    }
                    next(); // accepted; external ids are not kept in the model
                }
                default -> throw source.error(kw.start(), "unknown attribute `@" + kw.text() + "`");
            }
            expect(")");
        }
        if (since != null && feature != null) {
            throw source.error(firstPos, "cannot specify both `@since` and `@unstable`");
        }
        if (since != null) {
            return new Stability.Since(since, deprecated);
        }
        if (feature != null) {
            return new Stability.Unstable(feature, deprecated);
        }
        if (deprecated != null) {
            throw source.error(firstPos, "`@deprecated` must be paired with `@since` or `@unstable`");
        }
        return Stability.UNKNOWN;
    }

    private void expectKeyword(String word) {
        Token t = peek();
        if (t.kind() != Token.Kind.ID || !t.text().equals(word)) {
            throw unexpected("`" + word + "`");
        }
        next();
    }

    /**
     * {@code id} or {@code ns:pkg/iface@version}. A colon directly after the first id (no space)
     * makes it a package path; {@code import a: b} is a named import.
     */
    private Ast.UsePath usePath() {
        Ast.Name first = id();
        Token colon = peek();
        if (colon.is(":")
                && colon.start() == first.pos() + first.text().length() + (isExplicitAt(first) ? 1 : 0)
                && peek(1).start() == colon.end()) {
            next();
            Ast.Name pkg = id();
            expect("/");
            Ast.Name iface = id();
            String version = null;
            if (eat("@")) {
                version = version();
            }
            return new Ast.UsePath(first.text(), pkg.text(), version, iface, first.pos());
        }
        return new Ast.UsePath(null, null, null, first, first.pos());
    }

    private boolean isExplicitAt(Ast.Name name) {
        return source.text().charAt(name.pos()) == '%';
    }

    // ---- interfaces ----

    private List<Ast.InterfaceItem> interfaceBody() {
        expect("{");
        List<Ast.InterfaceItem> items = new ArrayList<>();
        while (!eat("}")) {
            if (peek().kind() == Token.Kind.EOF) {
                throw unexpected("`}`");
            }
            items.add(interfaceItem());
        }
        return items;
    }

    private Ast.InterfaceItem interfaceItem() {
        String docs = docs();
        Stability stability = gates();
        if (at("use")) {
            return useItem(stability);
        }
        Ast.TypeItem type = typeItem(docs, stability);
        if (type != null) {
            return type;
        }
        Ast.Name name = id();
        expect(":");
        Ast.FuncType ft = funcType();
        expect(";");
        return new Ast.FuncItem(docs, stability, name, ft);
    }

    private Ast.UseItem useItem(Stability stability) {
        expect("use");
        Ast.UsePath path = usePath();
        expect(".");
        expect("{");
        List<Ast.UseName> names = new ArrayList<>();
        do {
            if (at("}")) {
                break;
            }
            Ast.Name name = id();
            Ast.Name as = eat("as") ? id() : null;
            names.add(new Ast.UseName(name, as));
        } while (eat(","));
        expect("}");
        if (names.isEmpty()) {
            throw source.error(path.iface().pos(), "`use` must name at least one type");
        }
        expect(";");
        return new Ast.UseItem(stability, path, names);
    }

    /** A type definition item, or null if the current token does not start one. */
    private Ast.TypeItem typeItem(String docs, Stability stability) {
        if (eat("type")) {
            Ast.Name name = id();
            expect("=");
            Ast.TypeExpr ty = type(0);
            expect(";");
            return new Ast.TypeItem(docs, stability, name, new Ast.AliasBody(ty));
        }
        if (eat("record")) {
            Ast.Name name = id();
            expect("{");
            List<Ast.Field> fields = new ArrayList<>();
            while (!at("}")) {
                String fdocs = docs();
                Ast.Name fname = id();
                expect(":");
                fields.add(new Ast.Field(fdocs, fname, type(0)));
                if (!eat(",")) {
                    break;
                }
            }
            expect("}");
            return new Ast.TypeItem(docs, stability, name, new Ast.RecordBody(fields));
        }
        if (eat("variant")) {
            Ast.Name name = id();
            expect("{");
            List<Ast.VariantCase> cases = new ArrayList<>();
            while (!at("}")) {
                String cdocs = docs();
                Ast.Name cname = id();
                Ast.TypeExpr payload = null;
                if (eat("(")) {
                    payload = type(0);
                    expect(")");
                }
                cases.add(new Ast.VariantCase(cdocs, cname, payload));
                if (!eat(",")) {
                    break;
                }
            }
            expect("}");
            if (cases.isEmpty()) {
                throw source.error(name.pos(), "empty variant");
            }
            return new Ast.TypeItem(docs, stability, name, new Ast.VariantBody(cases));
        }
        if (at("enum") || at("flags")) {
            boolean isEnum = next().text().equals("enum");
            Ast.Name name = id();
            expect("{");
            List<Ast.CaseName> cases = new ArrayList<>();
            while (!at("}")) {
                String cdocs = docs();
                cases.add(new Ast.CaseName(cdocs, id()));
                if (!eat(",")) {
                    break;
                }
            }
            expect("}");
            if (isEnum && cases.isEmpty()) {
                throw source.error(name.pos(), "empty enum");
            }
            return new Ast.TypeItem(docs, stability, name, isEnum ? new Ast.EnumBody(cases) : new Ast.FlagsBody(cases));
        }
        if (eat("resource")) {
            Ast.Name name = id();
            List<Ast.ResourceFunc> funcs = new ArrayList<>();
            if (eat("{")) {
                while (!eat("}")) {
                    if (peek().kind() == Token.Kind.EOF) {
                        throw unexpected("`}`");
                    }
                    funcs.add(resourceFunc());
                }
            } else {
                expect(";");
            }
            return new Ast.TypeItem(docs, stability, name, new Ast.ResourceBody(funcs));
        }
        return null;
    }

    private Ast.ResourceFunc resourceFunc() {
        String docs = docs();
        Stability stability = gates();
        if (at("constructor")) {
            Token t = next();
            List<Ast.Param> params = params();
            Ast.TypeExpr result = eat("->") ? type(0) : null;
            expect(";");
            return new Ast.ResourceFunc(
                    docs,
                    stability,
                    Ast.ResourceFuncKind.CONSTRUCTOR,
                    new Ast.Name("constructor", t.start()),
                    new Ast.FuncType(false, params, result, t.start()));
        }
        Ast.Name name = id();
        expect(":");
        boolean isStatic = eat("static");
        Ast.FuncType ft = funcType();
        expect(";");
        return new Ast.ResourceFunc(
                docs, stability, isStatic ? Ast.ResourceFuncKind.STATIC : Ast.ResourceFuncKind.METHOD, name, ft);
    }

    private Ast.FuncType funcType() {
        int pos = peek().start();
        boolean async = eat("async");
        expect("func");
        List<Ast.Param> params = params();
        Ast.TypeExpr result = eat("->") ? type(0) : null;
        return new Ast.FuncType(async, params, result, pos);
    }

    private List<Ast.Param> params() {
        expect("(");
        List<Ast.Param> params = new ArrayList<>();
        while (!at(")")) {
            Ast.Name name = id();
            expect(":");
            params.add(new Ast.Param(name, type(0)));
            if (!eat(",")) {
                break;
            }
        }
        expect(")");
        return params;
    }

    // ---- types ----

    private Ast.TypeExpr type(int depth) {
        Token t = peek();
        if (depth >= MAX_TYPE_DEPTH) {
            throw source.error(t.start(), "type nesting is deeper than " + MAX_TYPE_DEPTH);
        }
        if (t.kind() == Token.Kind.EXPLICIT_ID) {
            next();
            return new Ast.Named(new Ast.Name(t.text(), t.start()));
        }
        if (t.kind() != Token.Kind.ID) {
            throw unexpected("a type");
        }
        int pos = t.start();
        WitType.Primitive prim = WitType.Primitive.byWitName(t.text());
        if (prim != null) {
            next();
            return new Ast.Prim(prim, pos);
        }
        switch (t.text()) {
            case "list" -> {
                next();
                expect("<");
                Ast.TypeExpr element = type(depth + 1);
                if (eat(",")) {
                    Token n = peek();
                    if (n.kind() != Token.Kind.NUMBER || !n.text().matches("[1-9][0-9]{0,9}")) {
                        throw unexpected("a list length");
                    }
                    next();
                    long length = Long.parseLong(n.text());
                    if (length > 0xFFFF_FFFFL) {
                        throw source.error(n.start(), "list length too large");
                    }
                    expect(">");
                    return new Ast.FixedListT(element, length, pos);
                }
                expect(">");
                return new Ast.ListT(element, pos);
            }
            case "map" -> {
                next();
                expect("<");
                Ast.TypeExpr key = type(depth + 1);
                expect(",");
                Ast.TypeExpr value = type(depth + 1);
                expect(">");
                return new Ast.MapT(key, value, pos);
            }
            case "option" -> {
                next();
                expect("<");
                Ast.TypeExpr inner = type(depth + 1);
                expect(">");
                return new Ast.OptionT(inner, pos);
            }
            case "result" -> {
                next();
                if (!eat("<")) {
                    return new Ast.ResultT(null, null, pos);
                }
                Ast.TypeExpr ok = null;
                Ast.TypeExpr err = null;
                if (eat("_")) {
                    expect(",");
                    err = type(depth + 1);
                } else {
                    ok = type(depth + 1);
                    if (eat(",")) {
                        err = type(depth + 1);
                    }
                }
                expect(">");
                return new Ast.ResultT(ok, err, pos);
            }
            case "tuple" -> {
                next();
                expect("<");
                List<Ast.TypeExpr> types = new ArrayList<>();
                while (!at(">")) {
                    types.add(type(depth + 1));
                    if (!eat(",")) {
                        break;
                    }
                }
                expect(">");
                return new Ast.TupleT(types, pos);
            }
            case "borrow", "own" -> {
                next();
                expect("<");
                Ast.Name r = id();
                expect(">");
                return new Ast.HandleT(t.text().equals("borrow"), r, pos);
            }
            case "future", "stream" -> {
                next();
                Ast.TypeExpr payload = null;
                if (eat("<")) {
                    payload = type(depth + 1);
                    expect(">");
                }
                return t.text().equals("future") ? new Ast.FutureT(payload, pos) : new Ast.StreamT(payload, pos);
            }
            default -> {
                if (Keywords.isKeyword(t.text())) {
                    throw unexpected("a type");
                }
                next();
                return new Ast.Named(new Ast.Name(t.text(), pos));
            }
        }
    }

    // ---- worlds ----

    private List<Ast.WorldEntry> worldBody() {
        expect("{");
        List<Ast.WorldEntry> items = new ArrayList<>();
        while (!eat("}")) {
            if (peek().kind() == Token.Kind.EOF) {
                throw unexpected("`}`");
            }
            items.add(worldItem());
        }
        return items;
    }

    private Ast.WorldEntry worldItem() {
        String docs = docs();
        Stability stability = gates();
        if (at("import") || at("export")) {
            Token kw = next();
            boolean isImport = kw.text().equals("import");
            // `name: extern-type` or a use-path
            if (atId() && peek(1).is(":") && !isPackagePath()) {
                Ast.Name name = id();
                expect(":");
                Ast.Extern extern;
                if (at("func") || at("async")) {
                    extern = new Ast.FuncExtern(funcType());
                    expect(";");
                } else if (eat("interface")) {
                    extern = new Ast.InlineInterface(interfaceBody());
                } else {
                    extern = new Ast.PathExtern(usePath());
                    expect(";");
                }
                return new Ast.ExternItem(isImport, docs, stability, name, extern, kw.start());
            }
            Ast.UsePath path = usePath();
            expect(";");
            return new Ast.ExternItem(isImport, docs, stability, null, new Ast.PathExtern(path), kw.start());
        }
        if (at("use")) {
            return useItem(stability);
        }
        if (at("include")) {
            int pos = next().start();
            Ast.UsePath path = usePath();
            List<Ast.UseName> renames = new ArrayList<>();
            if (eat("with")) {
                expect("{");
                while (!at("}")) {
                    Ast.Name from = id();
                    expect("as");
                    renames.add(new Ast.UseName(from, id()));
                    if (!eat(",")) {
                        break;
                    }
                }
                expect("}");
            }
            expect(";");
            return new Ast.IncludeItem(stability, path, renames, pos);
        }
        Ast.TypeItem type = typeItem(docs, stability);
        if (type != null) {
            return type;
        }
        throw unexpected("`import`, `export`, `include`, `use` or a type definition");
    }

    /** At {@code ns:pkg/...}: an id, a colon touching it, and an id touching the colon. */
    private boolean isPackagePath() {
        Token first = peek();
        Token colon = peek(1);
        return colon.start() == first.end() && peek(2).start() == colon.end();
    }
}
