package dev.wreg.composer.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.composer.CompositionException;
import dev.wreg.composer.plan.PlanSyntax.ExportStatement;
import dev.wreg.composer.plan.PlanSyntax.LetStatement;
import dev.wreg.composer.plan.PlanSyntax.NewExpr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plan syntax: what parses, and syntax errors with FILE:LINE:COLUMN. */
class PlanParserTest {

    private static CompositionException syntaxError(String source) {
        try {
            PlanParser.parse("p.wac", source);
        } catch (CompositionException e) {
            return e;
        }
        throw new AssertionError("no syntax error");
    }

    @org.junit.jupiter.api.Test
    void parsesEveryStatementForm() {
        var doc = PlanParser.parse("p.wac", """
                /* a /* nested */ comment */
                package demo:all@1.0.0;
                import a: wasi:io/streams@0.2.3; // trailing comment
                import b as "other-name": wasi:io/error;
                let x = new ns:pkg@^1.2 { a, named: b, "exact:name/i": (a), ...y, ... };
                let z = x.run;
                let w = x["ns:pkg/iface@1.0.0"];
                export new ns:other {}.run as "go";
                export x...;
                """);
        assertThat(doc.packageName()).isEqualTo("demo:all");
        assertThat(doc.version()).isEqualTo("1.0.0");
        assertThat(doc.statements()).hasSize(7);
        NewExpr n = (NewExpr) ((LetStatement) doc.statements().get(2)).expr();
        assertThat(n.packageName()).isEqualTo("ns:pkg");
        assertThat(n.requirement()).isEqualTo("^1.2");
        assertThat(n.args()).hasSize(4);
        assertThat(n.fill()).isTrue();
        assertThat(((ExportStatement) doc.statements().get(6)).spread()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            let x = y;                                              | p.wac:1:1: expected `package` directive, found `let`
            package demo:x\\nlet y = x;                             | p.wac:2:1: expected `;`, found `let`
            package demo:x;\\nlet y = new a:b { ..., c };           | p.wac:2:24: implicit import argument `...` must be the last argument
            package demo:x;\\nlet y = new a:b { c d };              | p.wac:2:21: expected `,` or `}`, found `d`
            package demo:x;\\nexport y... as "n";                   | p.wac:2:13: expected `;`, found `as` (an `as` clause cannot be used with a spread export)
            package demo:x;\\nlet y = "s";                          | p.wac:2:9: expected an expression, found string "s"
            package demo:x;\\nlet y = new a:b { "c };               | p.wac:2:19: unterminated string
            package demo:x;\\n/* never closed                       | p.wac:2:1: unterminated block comment
            package demo:x;\\nlet y = $;                            | p.wac:2:9: unexpected character `$`
            package demo:x;\\nlet foo_bar = a;                      | p.wac:2:8: unexpected character `_`
            package demo:x;\\nlet Foo = a;                          | p.wac:2:5: `Foo` is not a valid identifier (not in kebab case)
            package demo:x;\\nlet foo--bar = a;                     | p.wac:2:5: `foo--bar` is not a valid identifier (not in kebab case)
            package demo:x;\\ninterface i {}                        | p.wac:2:1: WIT type declarations (`interface`) are not supported in wreg plans
            package demo:x;\\nimport f: func();                     | p.wac:2:11: inline import types are not supported in wreg plans; import an interface by its package path
            package demo:x;\\nlet y = new a:b@ {};                  | p.wac:2:18: expected a version after `@`
            package demo:x;\\nlet y = new a:b {                     | p.wac:2:18: expected an instantiation argument or `}`, found end of input
            package demo:x;\\nlet y = z.;                           | p.wac:2:11: expected an identifier, found `;`
            """)
    void syntaxErrorsNameFileLineAndColumn(String source, String message) {
        var e = syntaxError(source.replace("\\n", "\n"));
        assertThat(e.code()).isIn("plan-syntax");
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @org.junit.jupiter.api.Test
    void deeplyNestedExpressionsAreRefusedNotOverflowed() {
        String deep = "(".repeat(5000) + "x" + ")".repeat(5000);
        var e = syntaxError("package demo:x;\nlet y = " + deep + ";");
        assertThat(e.getMessage()).endsWith("expression is nested too deeply");
    }

    @org.junit.jupiter.api.Test
    void oversizedPlanIsRefusedBeforeParsing() {
        var e = syntaxError("package demo:x;\n" + "// filler\n".repeat(PlanParser.MAX_SOURCE_CHARS / 10 + 1));
        assertThat(e.code()).isEqualTo("input-too-large");
    }
}
