package dev.wreg.engine.runtime.wave;

import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.CanonicalAbi;
import dev.wreg.engine.runtime.abi.ValueType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * WAVE (the WebAssembly Value Encoding used by {@code wasmtime run --invoke}) to and from {@link
 * Val}. Parsing is type-directed, since {@code green} can be an enum or a variant case and {@code
 * {a, b}} flags or a record. Printing follows wasm-wave: {@code some((-9000000000, 5))}, {@code
 * 18.0}, {@code {w: 5, h: 6}}, {@code ok("x")}.
 */
public final class Wave {
    private Wave() {}

    /** A call expression {@code name(args…)}, split into the name and the argument text. */
    public record Call(String function, String argumentText) {}

    /** Splits {@code f(1, "x")} into {@code f} and {@code 1, "x"}. */
    public static Call parseCall(String text) {
        String t = text.strip();
        int open = t.indexOf('(');
        if (open <= 0 || !t.endsWith(")")) {
            throw new WaveException("expected a call like `name(arg, …)`, got `" + text + "`");
        }
        return new Call(t.substring(0, open).strip(), t.substring(open + 1, t.length() - 1));
    }

    /** Parses comma-separated arguments against the parameter types. */
    public static List<Val> parseArguments(String text, List<ValueType> types) {
        Parser p = new Parser(text);
        List<Val> out = new ArrayList<>();
        p.ws();
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) {
                p.expect(',');
            }
            out.add(p.value(types.get(i)));
            p.ws();
        }
        if (!types.isEmpty() && p.peek() == ',') {
            p.pos++;
            p.ws();
        }
        if (!p.atEnd()) {
            throw p.error(
                    types.size() == 0
                            ? "the function takes no arguments"
                            : "too many arguments (expected " + types.size() + ")");
        }
        return out;
    }

    /** Parses one value of type {@code type}. */
    public static Val parse(String text, ValueType type) {
        Parser p = new Parser(text);
        p.ws();
        Val v = p.value(type);
        p.ws();
        if (!p.atEnd()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    // ---------------------------------------------------------------- printing

    public static String print(Val v) {
        StringBuilder sb = new StringBuilder();
        print(v, sb);
        return sb.toString();
    }

    private static void print(Val v, StringBuilder sb) {
        switch (v) {
            case Val.Bool b -> sb.append(b.value());
            case Val.S8 x -> sb.append(x.value());
            case Val.U8 x -> sb.append(x.value() & 0xff);
            case Val.S16 x -> sb.append(x.value());
            case Val.U16 x -> sb.append(x.value() & 0xffff);
            case Val.S32 x -> sb.append(x.value());
            case Val.U32 x -> sb.append(Integer.toUnsignedString(x.value()));
            case Val.S64 x -> sb.append(x.value());
            case Val.U64 x -> sb.append(Long.toUnsignedString(x.value()));
            case Val.F32 x -> sb.append(floatText(x.value(), Float.toString(x.value())));
            case Val.F64 x -> sb.append(floatText(x.value(), Double.toString(x.value())));
            case Val.Char c -> {
                sb.append('\'');
                escape(c.codePoint(), '\'', sb);
                sb.append('\'');
            }
            case Val.Str s -> {
                sb.append('"');
                s.value().codePoints().forEach(cp -> escape(cp, '"', sb));
                sb.append('"');
            }
            case Val.ListVal l -> seq("[", l.elements(), "]", sb);
            case Val.TupleVal t -> seq("(", t.elements(), ")", sb);
            case Val.RecordVal r -> {
                if (r.fields().isEmpty()) {
                    sb.append("{:}");
                    return;
                }
                sb.append('{');
                for (int i = 0; i < r.fields().size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(label(r.fields().get(i).name())).append(": ");
                    print(r.fields().get(i).value(), sb);
                }
                sb.append('}');
            }
            case Val.VariantVal vv -> caseText(label(vv.caseName()), vv.payload(), sb);
            case Val.EnumVal e -> sb.append(label(e.caseName()));
            case Val.OptionVal o -> caseText(o.value().isPresent() ? "some" : "none", o.value(), sb);
            case Val.ResultVal r -> caseText(r.isOk() ? "ok" : "err", r.payload(), sb);
            case Val.FlagsVal f -> {
                sb.append('{');
                sb.append(String.join(
                        ", ", f.names().stream().sorted().map(Wave::label).toList()));
                sb.append('}');
            }
            case Val.Resource r -> sb.append(r.handle());
            case Val.StreamVal x -> sb.append("<stream>");
            case Val.FutureVal x -> sb.append("<future>");
            case Val.ErrorContextVal x -> sb.append("<error-context>");
        }
    }

    /** Prints flags in their declared order (the type knows it; {@link #print(Val)} sorts by name). */
    public static String print(Val v, ValueType type) {
        if (v instanceof Val.FlagsVal f && type instanceof ValueType.FlagsT ft) {
            return "{"
                    + String.join(
                            ", ",
                            ft.names().stream()
                                    .filter(f.names()::contains)
                                    .map(Wave::label)
                                    .toList()) + "}";
        }
        if (v instanceof Val.RecordVal r && type instanceof ValueType.RecordT rt) {
            if (r.fields().isEmpty()) {
                return "{:}";
            }
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < r.fields().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(label(r.fields().get(i).name())).append(": ");
                sb.append(print(r.fields().get(i).value(), rt.types().get(i)));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Val.ListVal l && type instanceof ValueType.ListT lt) {
            return "["
                    + String.join(
                            ", ",
                            l.elements().stream()
                                    .map(e -> print(e, lt.element()))
                                    .toList()) + "]";
        }
        if (v instanceof Val.TupleVal t && type instanceof ValueType.TupleT tt) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < t.elements().size(); i++) {
                parts.add(print(t.elements().get(i), tt.types().get(i)));
            }
            return "(" + String.join(", ", parts) + ")";
        }
        if (v instanceof Val.OptionVal o
                && type instanceof ValueType.OptionT ot
                && o.value().isPresent()) {
            return "some(" + print(o.value().get(), ot.type()) + ")";
        }
        if (v instanceof Val.ResultVal r
                && type instanceof ValueType.ResultT rt
                && r.payload().isPresent()) {
            ValueType pt = r.isOk() ? rt.ok() : rt.err();
            return (r.isOk() ? "ok(" : "err(") + print(r.payload().get(), pt) + ")";
        }
        if (v instanceof Val.VariantVal vv
                && type instanceof ValueType.VariantT vt
                && vv.payload().isPresent()) {
            ValueType pt = vt.payloads().get(vt.names().indexOf(vv.caseName()));
            return label(vv.caseName()) + "(" + print(vv.payload().get(), pt) + ")";
        }
        return print(v);
    }

    private static void caseText(String name, Optional<Val> payload, StringBuilder sb) {
        sb.append(name);
        if (payload.isPresent()) {
            sb.append('(');
            print(payload.get(), sb);
            sb.append(')');
        }
    }

    private static void seq(String open, List<Val> vs, String close, StringBuilder sb) {
        sb.append(open);
        for (int i = 0; i < vs.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            print(vs.get(i), sb);
        }
        sb.append(close);
    }

    private static final Set<String> KEYWORDS = Set.of("true", "false", "inf", "nan", "some", "none", "ok", "err");

    private static String label(String name) {
        return KEYWORDS.contains(name) ? "%" + name : name;
    }

    private static String floatText(double d, String javaText) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        // Java writes 1.0E20; WAVE (Rust) writes 1e20.
        int e = javaText.indexOf('E');
        if (e < 0) {
            return javaText;
        }
        String mantissa = javaText.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + "e" + javaText.substring(e + 1);
    }

    private static void escape(int cp, char quote, StringBuilder sb) {
        switch (cp) {
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\t' -> sb.append("\\t");
            case '\r' -> sb.append("\\r");
            default -> {
                if (cp == quote) {
                    sb.append('\\').appendCodePoint(cp);
                } else if (cp < 0x20 || cp == 0x7f) {
                    sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
                } else {
                    sb.appendCodePoint(cp);
                }
            }
        }
    }

    // ---------------------------------------------------------------- parsing

    private static final class Parser {
        final String s;
        int pos;
        int depth;

        Parser(String s) {
            this.s = s;
        }

        WaveException error(String msg) {
            return new WaveException(msg + " at position " + pos + " in `" + s + "`");
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        void ws() {
            while (!atEnd() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        void expect(char c) {
            ws();
            if (peek() != c) {
                throw error("expected `" + c + "`");
            }
            pos++;
            ws();
        }

        boolean tryChar(char c) {
            ws();
            if (peek() == c) {
                pos++;
                ws();
                return true;
            }
            return false;
        }

        String label() {
            ws();
            int start = pos;
            if (peek() == '%') {
                pos++;
                start = pos;
            }
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '-')) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a name");
            }
            return s.substring(start, pos);
        }

        String number() {
            ws();
            int start = pos;
            while (!atEnd() && "+-0123456789.eExXabcdefABCDEFinf".indexOf(peek()) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a number");
            }
            return s.substring(start, pos);
        }

        Val value(ValueType t) {
            if (++depth > 200) {
                throw error("value nested too deeply");
            }
            try {
                return valueInner(t);
            } finally {
                depth--;
            }
        }

        private Val valueInner(ValueType t) {
            ws();
            return switch (t) {
                case ValueType.Prim p -> prim(p);
                case ValueType.ListT l -> {
                    expect('[');
                    List<Val> out = new ArrayList<>();
                    while (!tryChar(']')) {
                        out.add(value(l.element()));
                        if (!tryChar(',')) {
                            expect(']');
                            break;
                        }
                    }
                    yield new Val.ListVal(out);
                }
                case ValueType.TupleT tu -> {
                    expect('(');
                    List<Val> out = new ArrayList<>();
                    for (int i = 0; i < tu.types().size(); i++) {
                        if (i > 0) {
                            expect(',');
                        }
                        out.add(value(tu.types().get(i)));
                    }
                    tryChar(',');
                    expect(')');
                    yield new Val.TupleVal(out);
                }
                case ValueType.RecordT r -> record(r);
                case ValueType.FlagsT f -> {
                    expect('{');
                    Set<String> names = new HashSet<>();
                    while (!tryChar('}')) {
                        String n = label();
                        if (!f.names().contains(n)) {
                            throw error("unknown flag `" + n + "`; flags are " + f.names());
                        }
                        names.add(n);
                        if (!tryChar(',')) {
                            expect('}');
                            break;
                        }
                    }
                    yield new Val.FlagsVal(names);
                }
                case ValueType.EnumT e -> {
                    String n = label();
                    if (!e.names().contains(n)) {
                        throw error("unknown case `" + n + "`; cases are " + e.names());
                    }
                    yield new Val.EnumVal(n);
                }
                case ValueType.VariantT v -> {
                    String n = label();
                    int i = v.names().indexOf(n);
                    if (i < 0) {
                        throw error("unknown case `" + n + "`; cases are " + v.names());
                    }
                    yield new Val.VariantVal(n, payload(v.payloads().get(i)));
                }
                case ValueType.OptionT o -> {
                    String n = label();
                    if (n.equals("none")) {
                        yield new Val.OptionVal(Optional.empty());
                    }
                    if (!n.equals("some")) {
                        throw error("expected `some(…)` or `none`");
                    }
                    Optional<Val> p = payload(o.type());
                    yield new Val.OptionVal(p);
                }
                case ValueType.ResultT r -> {
                    String n = label();
                    if (!n.equals("ok") && !n.equals("err")) {
                        throw error("expected `ok` or `err`");
                    }
                    boolean ok = n.equals("ok");
                    yield new Val.ResultVal(ok, payload(ok ? r.ok() : r.err()));
                }
                case ValueType.OwnT o -> throw error("resource handles cannot be written in WAVE");
                case ValueType.BorrowT b -> throw error("resource handles cannot be written in WAVE");
                case ValueType.StreamT x -> throw error("streams cannot be written in WAVE");
                case ValueType.FutureT x -> throw error("futures cannot be written in WAVE");
                case ValueType.ErrorContextT x -> throw error("error contexts cannot be written in WAVE");
                case ValueType.Unsupported u -> throw error(u.what() + " values are not supported");
            };
        }

        private Optional<Val> payload(ValueType t) {
            if (t == null) {
                return Optional.empty();
            }
            expect('(');
            Val v = value(t);
            expect(')');
            return Optional.of(v);
        }

        private Val record(ValueType.RecordT r) {
            expect('{');
            Val[] vals = new Val[r.names().size()];
            if (tryChar(':')) {
                expect('}');
            } else {
                while (!tryChar('}')) {
                    String n = label();
                    int i = r.names().indexOf(n);
                    if (i < 0) {
                        throw error("unknown field `" + n + "`; fields are " + r.names());
                    }
                    expect(':');
                    vals[i] = value(r.types().get(i));
                    if (!tryChar(',')) {
                        expect('}');
                        break;
                    }
                }
            }
            List<Val.Field> fields = new ArrayList<>();
            for (int i = 0; i < vals.length; i++) {
                Val v = vals[i];
                if (v == null) {
                    if (r.types().get(i) instanceof ValueType.OptionT) {
                        v = new Val.OptionVal(Optional.empty());
                    } else {
                        throw error("missing field `" + r.names().get(i) + "`");
                    }
                }
                fields.add(new Val.Field(r.names().get(i), v));
            }
            return new Val.RecordVal(fields);
        }

        private Val prim(ValueType.Prim p) {
            return switch (p) {
                case BOOL -> {
                    String n = label();
                    if (!n.equals("true") && !n.equals("false")) {
                        throw error("expected `true` or `false`");
                    }
                    yield new Val.Bool(n.equals("true"));
                }
                case S8 -> new Val.S8((byte) integer(-128, 127));
                case U8 -> new Val.U8((byte) integer(0, 255));
                case S16 -> new Val.S16((short) integer(Short.MIN_VALUE, Short.MAX_VALUE));
                case U16 -> new Val.U16((short) integer(0, 65535));
                case S32 -> new Val.S32((int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE));
                case U32 -> new Val.U32((int) integer(0, 0xffffffffL));
                case S64 ->
                    new Val.S64(bigInteger(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE))
                            .longValue());
                case U64 ->
                    new Val.U64(bigInteger(
                                    BigInteger.ZERO,
                                    BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
                            .longValue());
                case F32 -> new Val.F32((float) floating());
                case F64 -> new Val.F64(floating());
                case CHAR -> {
                    if (peek() != '\'') {
                        throw error("expected a char like 'x'");
                    }
                    pos++;
                    int cp = charInQuotes('\'');
                    if (peek() != '\'') {
                        throw error("a char holds exactly one character");
                    }
                    pos++;
                    yield new Val.Char(cp);
                }
                case STRING -> {
                    if (peek() != '"') {
                        throw error("expected a string like \"…\"");
                    }
                    pos++;
                    StringBuilder sb = new StringBuilder();
                    while (peek() != '"') {
                        if (atEnd()) {
                            throw error("unterminated string");
                        }
                        sb.appendCodePoint(charInQuotes('"'));
                    }
                    pos++;
                    yield new Val.Str(sb.toString());
                }
            };
        }

        private int charInQuotes(char quote) {
            if (atEnd()) {
                throw error("unterminated " + (quote == '"' ? "string" : "char"));
            }
            int cp = s.codePointAt(pos);
            pos += Character.charCount(cp);
            if (cp != '\\') {
                return cp;
            }
            char e = peek();
            pos++;
            return switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case '\\' -> '\\';
                case '\'' -> '\'';
                case '"' -> '"';
                case 'u' -> {
                    if (peek() != '{') {
                        throw error("expected `\\u{…}`");
                    }
                    int close = s.indexOf('}', pos);
                    if (close < 0 || close - pos > 7) {
                        throw error("bad unicode escape");
                    }
                    int v;
                    try {
                        v = Integer.parseInt(s.substring(pos + 1, close), 16);
                    } catch (NumberFormatException ex) {
                        throw error("bad unicode escape");
                    }
                    if (v >= 0x110000 || (v >= 0xD800 && v <= 0xDFFF)) {
                        throw error("escape is not a Unicode scalar value");
                    }
                    pos = close + 1;
                    yield v;
                }
                default -> throw error("unknown escape `\\" + e + "`");
            };
        }

        private long integer(long min, long max) {
            return bigInteger(BigInteger.valueOf(min), BigInteger.valueOf(max)).longValue();
        }

        private BigInteger bigInteger(BigInteger min, BigInteger max) {
            int start = pos;
            String t = number();
            BigInteger v;
            try {
                v = new BigInteger(t);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("expected an integer, got `" + t + "`");
            }
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                pos = start;
                throw error("integer " + t + " out of range [" + min + ", " + max + "]");
            }
            return v;
        }

        private double floating() {
            int start = pos;
            String t = number();
            switch (t) {
                case "nan":
                    return Double.NaN;
                case "inf":
                    return Double.POSITIVE_INFINITY;
                case "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
            }
            if (!t.matches("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                pos = start;
                throw error("expected a number, got `" + t + "`");
            }
            return Double.parseDouble(t);
        }
    }

    static String describe(ValueType t) {
        return CanonicalAbi.describe(t);
    }
}
