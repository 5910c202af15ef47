package dev.wreg.composer.plan;

import java.util.List;

/** The syntax tree of a composition plan (the subset of WAC that wreg evaluates). */
public final class PlanSyntax {
    private PlanSyntax() {}

    /** A 1-based line and column in the plan file. */
    public record Pos(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /** {@code package ns:name[@version] [targets ns:pkg/world];} followed by the statements. */
    public record Document(String packageName, String version, String targets, Pos pos, List<Statement> statements) {
        public Document {
            statements = List.copyOf(statements);
        }
    }

    public sealed interface Statement {
        Pos pos();
    }

    /** {@code import id [as name]: ns:pkg/iface[@version];} */
    public record ImportStatement(String id, String as, String path, Pos pos) implements Statement {}

    /** {@code let id = expr;} */
    public record LetStatement(String id, Expr expr, Pos pos) implements Statement {}

    /** {@code export expr [as name];} or {@code export expr...;} */
    public record ExportStatement(Expr expr, String as, boolean spread, Pos pos) implements Statement {}

    public sealed interface Expr {
        Pos pos();
    }

    /** A local name. */
    public record NameExpr(String id, Pos pos) implements Expr {}

    /** {@code new ns:pkg[@requirement] { args [, ...] }} */
    public record NewExpr(String packageName, String requirement, List<Arg> args, boolean fill, Pos pos)
            implements Expr {
        public NewExpr {
            args = List.copyOf(args);
        }
    }

    /** {@code target.name} (inferred) or {@code target["name"]} (exact). */
    public record AccessExpr(Expr target, String name, boolean exact, Pos pos) implements Expr {}

    public sealed interface Arg {
        Pos pos();
    }

    /** {@code { c }}: the argument name is inferred from {@code c}. */
    public record InferredArg(String id, Pos pos) implements Arg {}

    /** {@code { n: expr }} or {@code { "n": expr }}; a string name is used verbatim. */
    public record NamedArg(String name, boolean verbatim, Expr value, Pos pos) implements Arg {}

    /** {@code { ...i }}: fills the remaining imports from the exports of instance {@code i}. */
    public record SpreadArg(String id, Pos pos) implements Arg {}
}
