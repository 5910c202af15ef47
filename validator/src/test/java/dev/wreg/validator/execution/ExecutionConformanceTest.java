package dev.wreg.validator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wreg.engine.binary.ComponentDecoder;
import dev.wreg.engine.binary.ComponentFormatException;
import dev.wreg.engine.binary.MalformedComponentException;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ComponentTrap;
import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.LinkException;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.abi.ValueType;
import dev.wreg.testsupport.SharedData;
import dev.wreg.validator.Validator;
import dev.wreg.validator.core.Feature;
import dev.wreg.validator.core.Features;
import dev.wreg.validator.core.ValidationResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs an execution corpus ({@code commands.jsonl} and its components, the format of {@code
 * conformance/component-execution}, see its README) against the {@code wasm-engine} runtime,
 * judging every component with {@link Validator} first, as {@code wreg run} does: instantiate,
 * return, trap, unlinkable, invalid, malformed, with state carried per {@code instance}. Prints
 * per-area results, the {@code async} and {@code nyi} cases apart, and {@code N passed, N failed}
 * for the rest. It lives in the validator module because the engine deliberately has no validator
 * (the module direction is engine → validator → composer).
 *
 * <p>Which corpus: {@code -Dwreg.conformance.dir=DIR} (default: the shared corpus). The build
 * fails when fewer than {@code -Dwreg.conformance.floor=N} non-async cases pass (default 0), and,
 * for the shared corpus or when {@code -Dwreg.conformance.expected=FILE} names one, when the set
 * of failing cases differs in any way from the expected-failures file ({@code
 * expected-failures.tsv} beside this class: group, case source, reason), separately for
 * non-async, async and nyi: a case that starts failing fails the build, and so does one that
 * starts passing until its line is removed. Every non-async line there names a limit of the core
 * runtime (wasm-engine/README.md, <em>Runtime choice</em>) or a wasmtime-only restriction.
 *
 * <p>Verdict rules: a component is validated before it is instantiated, with the features the
 * case's reference run used ({@link #features}); a component that should run but does not
 * validate fails. {@code malformed} passes when the validator rejects the bytes and they also do
 * not decode (the engine's component decoder or the runtime's core-module parser fails); {@code
 * invalid} passes when the validator rejects them; {@code unlinkable} when they validate and
 * instantiation throws a {@link LinkException}; {@code trap} on a {@link ComponentTrap} (one that
 * says a feature is missing never counts).
 *
 * <p>Async: the engine runs the component model's async ABI (tasks on fibers, subtasks, waitable
 * sets, streams, futures, error contexts, threads); the async cases that still fail are listed
 * in the expected-failures file, each with the reason found for it.
 */
class ExecutionConformanceTest {

    /** Traps that say a feature is missing never count as the trap a case expects. */
    private static final String UNSUPPORTED = "not supported by this runtime yet";

    /** Per command; the largest non-async cases (a 2 GiB memory filled with strings) need time. */
    private static final long TIMEOUT_SECONDS = 20;

    /**
     * Per async or nyi command: most finish in milliseconds and a guest that waits for nothing
     * ends at once (the store reports the deadlock), but a copy that runs out of lift fuel
     * (streams-massive-send.wast) copies 64 MiB first, which takes seconds on a loaded machine.
     */
    private static final long ASYNC_TIMEOUT_SECONDS = 20;

    private static final String EXPECTED_RESOURCE = "expected-failures.tsv";

    private final ObjectMapper json = new ObjectMapper();

    /** Validation verdicts by file and feature string: many commands share one component. */
    private final Map<String, ValidationResult> verdicts = new HashMap<>();

    /** Which report a case belongs to. */
    enum Group {
        NON_ASYNC("non-async"),
        ASYNC("async"),
        NYI("nyi");

        final String label;

        Group(String label) {
            this.label = label;
        }

        static Group of(String label) {
            for (Group g : values()) {
                if (g.label.equals(label)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("unknown group '" + label + "' (non-async, async, nyi)");
        }
    }

    @Test
    void commandsJsonl() throws Exception {
        String dirProperty = System.getProperty("wreg.conformance.dir");
        Path dir;
        if (dirProperty == null || dirProperty.isBlank()) {
            dir = SharedData.require("conformance/component-execution");
        } else {
            dir = Path.of(dirProperty);
            assertTrue(Files.isRegularFile(dir.resolve("commands.jsonl")), "no commands.jsonl in " + dir);
        }
        int floor = Integer.getInteger("wreg.conformance.floor", 0);
        String expectedProperty = System.getProperty("wreg.conformance.expected");
        Map<Group, Map<String, String>> expected = null;
        if (expectedProperty != null && !expectedProperty.isBlank()) {
            expected = readExpected(Files.readAllLines(Path.of(expectedProperty)));
        } else if (dirProperty == null || dirProperty.isBlank()) {
            try (var in = ExecutionConformanceTest.class.getResourceAsStream(EXPECTED_RESOURCE)) {
                assertNotNull(in, EXPECTED_RESOURCE + " is missing from the test resources");
                expected = readExpected(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
            }
        }

        Outcome outcome = runCorpus(dir);
        Map<Group, Map<String, String>> failures = outcome.failures();
        Map<Group, int[]> counts = outcome.counts();
        Map<String, int[]> byArea = outcome.byArea();
        if (Boolean.getBoolean("wreg.verbose")) {
            failures.forEach((g, fs) ->
                    fs.forEach((source, why) -> System.out.println("FAIL " + g.label + "\t" + source + "\t" + why)));
        }
        System.out.println("component execution " + dir.getFileName() + ", per area (passed/failed):");
        byArea.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> System.out.printf("  %-32s %4d / %d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        int[] async = counts.get(Group.ASYNC);
        int[] nyi = counts.get(Group.NYI);
        int[] rest = counts.get(Group.NON_ASYNC);
        System.out.println("async (reported apart): " + async[0] + " passed, " + async[1] + " failed");
        System.out.println("nyi (reported apart): " + nyi[0] + " passed, " + nyi[1] + " failed");
        System.out.println(rest[0] + " passed, " + rest[1] + " failed");

        List<String> problems = differences(expected, failures, rest[0], floor);
        problems.forEach(p -> System.out.println("MISMATCH " + p));
        assertTrue(
                problems.isEmpty(),
                problems.size() + " verdicts differ from what is expected:\n" + String.join("\n", problems));
    }

    /**
     * The runner on a corpus of its own in another directory (the first non-async commands of the
     * shared corpus, copied, plus a case made to fail): every command counted, the made-up failure
     * reported, and the exact-set check noticing both a new failure and a listed case that passes.
     */
    @Test
    void anyDirectoryInTheSameFormatRuns(@TempDir Path tmp) throws Exception {
        Path shared = SharedData.require("conformance/component-execution");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(shared.resolve("commands.jsonl"))) {
            // The first non-async commands, in file order (each instance is created before it is used).
            if (!line.isBlank() && lines.size() < 40 && !line.contains("\"area\":\"async")) {
                lines.add(line);
            }
        }
        Files.createDirectories(tmp.resolve("wasm"));
        String instantiate = null;
        for (String line : lines) {
            JsonNode c = json.readTree(line);
            String file = c.get("component").asString();
            Path target = tmp.resolve(file);
            if (!Files.exists(target)) {
                Files.copy(shared.resolve(file), target);
            }
            if (instantiate == null && c.get("expect").asString().equals("instantiate")) {
                instantiate = line;
            }
        }
        assertNotNull(instantiate, "no instantiate command among the first 40");
        // The same component, now said to trap when instantiated: it does not, so this fails.
        var madeUp = (tools.jackson.databind.node.ObjectNode) json.readTree(instantiate);
        madeUp.put("expect", "trap");
        madeUp.putNull("invoke");
        madeUp.put("source", "made-up.wast:1");
        madeUp.put("area", "made-up");
        lines.add(json.writeValueAsString(madeUp));
        Files.write(tmp.resolve("commands.jsonl"), lines);

        Outcome outcome = runCorpus(tmp);
        int[] nonAsync = outcome.counts().get(Group.NON_ASYNC);
        int total = 0;
        for (int[] c : outcome.counts().values()) {
            total += c[0] + c[1];
        }
        System.out.println(tmp.getFileName() + ": " + nonAsync[0] + " passed, " + nonAsync[1] + " failed");
        assertEquals(lines.size(), total);
        assertTrue(outcome.failures().get(Group.NON_ASYNC).containsKey("made-up.wast:1"));

        Map<Group, Map<String, String>> expected = readExpected(
                List.of("non-async\tsome.wast:7\tlisted, but it is not in this corpus, so it cannot fail"));
        List<String> problems = differences(expected, outcome.failures(), nonAsync[0], nonAsync[0] + 1);
        assertTrue(
                problems.stream().anyMatch(p -> p.startsWith("non-async passes dropped below the floor")),
                problems::toString);
        assertTrue(
                problems.stream().anyMatch(p -> p.startsWith("now fails (non-async): made-up.wast:1")),
                problems::toString);
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("now passes") && p.endsWith("some.wast:7")),
                problems::toString);
    }

    /** What a corpus run gave: passed/failed per group and per area, and each failure's reason by source. */
    record Outcome(Map<Group, int[]> counts, Map<Group, Map<String, String>> failures, Map<String, int[]> byArea) {}

    /** Runs every command of {@code dir/commands.jsonl} in order. */
    Outcome runCorpus(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("commands.jsonl"));
        Map<String, ComponentInstance> instances = new HashMap<>();
        Map<String, PreparedComponent> compiled = new HashMap<>();
        Map<String, int[]> byArea = new TreeMap<>();
        Map<Group, Map<String, String>> failures = new EnumMap<>(Group.class);
        Map<Group, int[]> counts = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            failures.put(g, new TreeMap<>());
            counts.put(g, new int[2]);
        }
        ExecutorService[] exec = {Executors.newSingleThreadExecutor()};
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = json.readTree(line);
            String area = c.get("area").asString();
            boolean async = area.equals("async") || area.startsWith("wasmtime/async");
            boolean nyi = c.has("nyi") && c.get("nyi").asBoolean();
            Group group = nyi ? Group.NYI : async ? Group.ASYNC : Group.NON_ASYNC;
            long timeout = group == Group.NON_ASYNC ? TIMEOUT_SECONDS : ASYNC_TIMEOUT_SECONDS;
            String why;
            try {
                Future<String> f = exec[0].submit(() -> run(c, dir, instances, compiled));
                try {
                    why = f.get(timeout, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    exec[0].shutdownNow();
                    exec[0] = Executors.newSingleThreadExecutor();
                    why = "timed out after " + timeout + " s";
                }
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable t = e.getCause();
                why = "unexpected " + t;
            }
            boolean ok = why == null;
            byArea.computeIfAbsent(area + (nyi ? " (nyi)" : ""), k -> new int[2])[ok ? 0 : 1]++;
            counts.get(group)[ok ? 0 : 1]++;
            if (!ok) {
                failures.get(group)
                        .put(c.get("source").asString(), "[" + c.get("expect").asString() + "] " + why);
            }
        }
        exec[0].shutdownNow();
        return new Outcome(counts, failures, byArea);
    }

    /**
     * How a run differs from what is expected: fewer non-async passes than {@code floor}, and
     * (when {@code expected} is given) every case failing that is not listed and every listed case
     * that passed.
     */
    static List<String> differences(
            Map<Group, Map<String, String>> expected,
            Map<Group, Map<String, String>> failures,
            int nonAsyncPassed,
            int floor) {
        List<String> problems = new ArrayList<>();
        if (nonAsyncPassed < floor) {
            problems.add("non-async passes dropped below the floor " + floor + ": " + nonAsyncPassed);
        }
        if (expected != null) {
            for (Group g : Group.values()) {
                Map<String, String> want = expected.get(g);
                Map<String, String> got = failures.get(g);
                got.forEach((source, why) -> {
                    if (!want.containsKey(source)) {
                        problems.add("now fails (" + g.label + "): " + source + " " + why);
                    }
                });
                want.keySet().forEach(source -> {
                    if (!got.containsKey(source)) {
                        problems.add(
                                "now passes, remove it from " + EXPECTED_RESOURCE + " (" + g.label + "): " + source);
                    }
                });
            }
        }
        return problems;
    }

    /**
     * Reads an expected-failures file: one case a line, {@code group TAB source TAB reason}, the
     * group one of {@code non-async}, {@code async}, {@code nyi}; {@code #} starts a comment.
     */
    static Map<Group, Map<String, String>> readExpected(List<String> lines) {
        Map<Group, Map<String, String>> out = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            out.put(g, new TreeMap<>());
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 3);
            if (parts.length < 3 || parts[2].isBlank()) {
                throw new IllegalArgumentException("expected 'group<TAB>source<TAB>reason', got: " + line);
            }
            if (out.get(Group.of(parts[0])).put(parts[1], parts[2]) != null) {
                throw new IllegalArgumentException("listed twice: " + parts[1]);
            }
        }
        return out;
    }

    /** Runs one command; returns null when it passed, else why not. */
    private String run(
            JsonNode c, Path dir, Map<String, ComponentInstance> instances, Map<String, PreparedComponent> compiled)
            throws Exception {
        String expect = c.get("expect").asString();
        String instanceKey = c.hasNonNull("instance") ? c.get("instance").asString() : null;
        JsonNode invoke = c.get("invoke");
        Path file = dir.resolve(c.get("component").asString());
        byte[] bytes = Files.readAllBytes(file);
        String features = c.get("features").asString();
        ValidationResult verdict =
                verdicts.computeIfAbsent(file + "|" + features, k -> Validator.validate(bytes, features(features)));
        switch (expect) {
            case "malformed" -> {
                if (verdict.isValid()) {
                    return "the validator accepted it";
                }
                return decodes(bytes) ? "decodes; only validation rejects it: " + verdict : null;
            }
            case "invalid" -> {
                return verdict.isValid() ? "the validator accepted it" : null;
            }
            case "unlinkable" -> {
                if (!verdict.isValid()) {
                    return "rejected by the validator: " + verdict;
                }
                try {
                    PreparedComponent.fromValidatedBytes(bytes, ExecutionPolicy.INTERPRETER)
                            .instantiate(new Linker());
                    return "was accepted";
                } catch (ComponentFormatException | PreparedComponent.InvalidModuleException e) {
                    return "rejected before linking: " + e.getMessage();
                } catch (LinkException e) {
                    return null;
                } catch (ComponentTrap e) {
                    return "trapped instead: " + e.getMessage();
                }
            }
            default -> {
                if (!verdict.isValid()) {
                    return "rejected by the validator: " + verdict;
                }
            }
        }
        switch (expect) {
            case "instantiate" -> {
                try {
                    instances.put(instanceKey, instantiate(file, compiled));
                    return null;
                } catch (RuntimeException e) {
                    return "instantiation failed: " + e;
                }
            }
            default -> {}
        }
        if (invoke == null || invoke.isNull()) {
            // assert_trap on a component: instantiation must trap.
            try {
                instantiate(file, compiled);
                return "instantiation did not trap";
            } catch (ComponentTrap e) {
                return e.getMessage().startsWith(UNSUPPORTED)
                        ? "trapped on a missing feature: " + e.getMessage()
                        : null;
            } catch (RuntimeException e) {
                return "failed without trapping: " + e;
            }
        }
        ComponentInstance inst = instances.get(instanceKey);
        if (inst == null) {
            return "no live instance " + instanceKey;
        }
        String name = invoke.asString();
        FuncType type;
        List<Val> args;
        try {
            type = inst.type(name);
            args = new ArrayList<>();
            JsonNode a = c.get("args");
            for (int i = 0; i < a.size(); i++) {
                args.add(toVal(a.get(i), type.params().get(i)));
            }
        } catch (RuntimeException e) {
            return "cannot call: " + e.getMessage();
        }
        try {
            List<Val> results = inst.call(name, args);
            if (expect.equals("trap")) {
                return "returned instead of trapping";
            }
            JsonNode want = c.get("results");
            if (want == null || want.isNull()) {
                return null;
            }
            if (want.size() != results.size()) {
                return "expected " + want.size() + " results, got " + results.size();
            }
            for (int i = 0; i < want.size(); i++) {
                if (!same(results.get(i), want.get(i), type.results().get(i))) {
                    return "result " + i + ": expected " + want.get(i) + ", got " + results.get(i);
                }
            }
            return null;
        } catch (ComponentTrap e) {
            if (e.getMessage().startsWith(UNSUPPORTED)) {
                return "trapped on a missing feature: " + e.getMessage();
            }
            return expect.equals("trap") ? null : "trapped: " + e.getMessage();
        } catch (RuntimeException e) {
            return "failed: " + e;
        }
    }

    /** Whether the engine can decode the bytes: the component grammar and the runtime's core parse. */
    private static boolean decodes(byte[] bytes) {
        try {
            PreparedComponent.of(ComponentDecoder.decode(bytes));
            return true;
        } catch (MalformedComponentException | PreparedComponent.InvalidModuleException e) {
            return false;
        } catch (ComponentFormatException e) {
            return true;
        }
    }

    /**
     * The validator features for a case's {@code features} field, which holds the reference run's
     * wasmtime settings: {@code component-model-x} flags (the component-model suite's {@code -W}
     * options) and {@code key=true|false} header lines (the wasmtime suite). Each maps to the
     * wasm-tools flag of the same meaning ({@code cm-x}, {@code x}) on top of the wasm-tools
     * defaults; settings with no validator counterpart ({@code strict-component-indices}, engine
     * tuning) change nothing.
     */
    static Features features(String text) {
        Set<String> known = new HashSet<>();
        for (Feature f : Feature.values()) {
            known.add(f.flagName());
        }
        List<String> flags = new ArrayList<>();
        for (String raw : text.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            boolean on = true;
            int eq = item.indexOf('=');
            if (eq >= 0) {
                on = !item.substring(eq + 1).strip().equals("false");
                item = item.substring(0, eq).strip();
            }
            String name = item.replace('_', '-');
            if (name.startsWith("component-model-")) {
                name = "cm-" + name.substring("component-model-".length());
            }
            if (name.equals("cm-memory64")) {
                name = "cm64"; // wasmtime's component_model_memory64 is wasm-tools' cm64
            }
            if (known.contains(name)) {
                flags.add(on ? name : "-" + name);
            }
        }
        return Features.parse(String.join(",", flags));
    }

    private static ComponentInstance instantiate(Path file, Map<String, PreparedComponent> compiled) throws Exception {
        String key = file.toString();
        PreparedComponent comp = compiled.get(key);
        if (comp == null) {
            // Only components the validator accepted get here: bodies are parsed on first run, as in wreg run.
            comp = PreparedComponent.fromValidatedBytes(Files.readAllBytes(file), ExecutionPolicy.INTERPRETER);
            compiled.put(key, comp);
        }
        return comp.instantiate(new Linker());
    }

    // ---------------------------------------------------------------- JSON values

    static Val toVal(JsonNode v, ValueType t) {
        return switch (t) {
            case ValueType.Prim p ->
                switch (p) {
                    case BOOL -> new Val.Bool(v.get("value").asBoolean());
                    case S8 -> new Val.S8((byte) integer(v));
                    case U8 -> new Val.U8((byte) integer(v));
                    case S16 -> new Val.S16((short) integer(v));
                    case U16 -> new Val.U16((short) integer(v));
                    case S32 -> new Val.S32((int) integer(v));
                    case U32 -> new Val.U32((int) integer(v));
                    case S64 -> new Val.S64(integer(v));
                    case U64 -> new Val.U64(integer(v));
                    case F32 -> new Val.F32(f32(v.get("value").asString()));
                    case F64 -> new Val.F64(f64(v.get("value").asString()));
                    case CHAR -> new Val.Char(v.get("value").asString().codePointAt(0));
                    case STRING -> new Val.Str(v.get("value").asString());
                };
            case ValueType.ListT l -> {
                List<Val> out = new ArrayList<>();
                for (JsonNode e : v.get("value")) {
                    out.add(toVal(e, l.element()));
                }
                yield new Val.ListVal(out);
            }
            case ValueType.TupleT tu -> {
                List<Val> out = new ArrayList<>();
                int i = 0;
                for (JsonNode e : v.get("value")) {
                    out.add(toVal(e, tu.types().get(i++)));
                }
                yield new Val.TupleVal(out);
            }
            case ValueType.RecordT r -> {
                List<Val.Field> out = new ArrayList<>();
                for (JsonNode f : v.get("fields")) {
                    String n = f.get("name").asString();
                    out.add(new Val.Field(
                            n, toVal(f.get("value"), r.types().get(r.names().indexOf(n)))));
                }
                yield new Val.RecordVal(out);
            }
            case ValueType.VariantT vt -> {
                String n = v.get("case").asString();
                ValueType pt = vt.payloads().get(vt.names().indexOf(n));
                JsonNode p = v.get("value");
                yield new Val.VariantVal(n, p == null || p.isNull() ? Optional.empty() : Optional.of(toVal(p, pt)));
            }
            case ValueType.EnumT e -> new Val.EnumVal(v.get("value").asString());
            case ValueType.OptionT o -> {
                JsonNode p = v.get("value");
                yield new Val.OptionVal(p == null || p.isNull() ? Optional.empty() : Optional.of(toVal(p, o.type())));
            }
            case ValueType.ResultT r -> {
                boolean ok = v.has("ok");
                JsonNode p = ok ? v.get("ok") : v.get("err");
                yield new Val.ResultVal(
                        ok, p == null || p.isNull() ? Optional.empty() : Optional.of(toVal(p, ok ? r.ok() : r.err())));
            }
            case ValueType.FlagsT f -> {
                Set<String> names = new HashSet<>();
                v.get("value").forEach(n -> names.add(n.asString()));
                yield new Val.FlagsVal(names);
            }
            case ValueType.OwnT o -> throw new IllegalArgumentException("resource arguments are not expressible");
            case ValueType.BorrowT b -> throw new IllegalArgumentException("resource arguments are not expressible");
            case ValueType.StreamT x -> throw new IllegalArgumentException("stream arguments are not expressible");
            case ValueType.FutureT x -> throw new IllegalArgumentException("future arguments are not expressible");
            case ValueType.ErrorContextT x ->
                throw new IllegalArgumentException("error-context arguments are not expressible");
            case ValueType.Unsupported u -> throw new IllegalArgumentException(u.what());
        };
    }

    private static long integer(JsonNode v) {
        return new BigInteger(v.get("value").asString()).longValue();
    }

    static double f64(String s) {
        return parseFloat(s, false);
    }

    static float f32(String s) {
        return (float) parseFloat(s, true);
    }

    private static double parseFloat(String s, boolean single) {
        String t = s.replace("_", "");
        boolean neg = t.startsWith("-");
        if (t.startsWith("-") || t.startsWith("+")) {
            t = t.substring(1);
        }
        double d;
        if (t.startsWith("nan")) {
            d = Double.NaN;
        } else if (t.equals("inf")) {
            d = Double.POSITIVE_INFINITY;
        } else if (t.startsWith("0x") || t.startsWith("0X")) {
            String h = t.contains("p") || t.contains("P") ? t : t + "p0";
            d = Double.parseDouble("0x" + h.substring(2));
            if (single) {
                d = Float.parseFloat("0x" + h.substring(2));
            }
        } else {
            d = single ? Float.parseFloat(t) : Double.parseDouble(t);
        }
        return neg ? -d : d;
    }

    static boolean same(Val got, JsonNode want, ValueType t) {
        try {
            return switch (t) {
                case ValueType.Prim p ->
                    switch (p) {
                        case F32 -> {
                            String w = want.get("value").asString();
                            float g = ((Val.F32) got).value();
                            yield w.replace("-", "").replace("+", "").startsWith("nan")
                                    ? Float.isNaN(g)
                                    : Float.compare(g, f32(w)) == 0 || (g == 0 && f32(w) == 0 && sameSign(g, f32(w)));
                        }
                        case F64 -> {
                            String w = want.get("value").asString();
                            double g = ((Val.F64) got).value();
                            yield w.replace("-", "").replace("+", "").startsWith("nan")
                                    ? Double.isNaN(g)
                                    : Double.compare(g, f64(w)) == 0;
                        }
                        default -> toVal(want, t).equals(got);
                    };
                case ValueType.ListT l -> {
                    List<Val> g = ((Val.ListVal) got).elements();
                    JsonNode w = want.get("value");
                    if (g.size() != w.size()) {
                        yield false;
                    }
                    for (int i = 0; i < g.size(); i++) {
                        if (!same(g.get(i), w.get(i), l.element())) {
                            yield false;
                        }
                    }
                    yield true;
                }
                case ValueType.TupleT tu -> {
                    List<Val> g = ((Val.TupleVal) got).elements();
                    JsonNode w = want.get("value");
                    for (int i = 0; i < g.size(); i++) {
                        if (!same(g.get(i), w.get(i), tu.types().get(i))) {
                            yield false;
                        }
                    }
                    yield g.size() == w.size();
                }
                case ValueType.RecordT r -> {
                    Val.RecordVal g = (Val.RecordVal) got;
                    for (JsonNode f : want.get("fields")) {
                        String n = f.get("name").asString();
                        Val gv = g.get(n);
                        if (gv == null
                                || !same(
                                        gv,
                                        f.get("value"),
                                        r.types().get(r.names().indexOf(n)))) {
                            yield false;
                        }
                    }
                    yield true;
                }
                case ValueType.VariantT vt -> {
                    Val.VariantVal g = (Val.VariantVal) got;
                    String n = want.get("case").asString();
                    JsonNode p = want.get("value");
                    ValueType pt = vt.payloads().get(vt.names().indexOf(n));
                    yield g.caseName().equals(n)
                            && (p == null || p.isNull()
                                    ? g.payload().isEmpty()
                                    : g.payload().isPresent()
                                            && same(g.payload().get(), p, pt));
                }
                case ValueType.OptionT o -> {
                    Val.OptionVal g = (Val.OptionVal) got;
                    JsonNode p = want.get("value");
                    yield p == null || p.isNull()
                            ? g.value().isEmpty()
                            : g.value().isPresent() && same(g.value().get(), p, o.type());
                }
                case ValueType.ResultT r -> {
                    Val.ResultVal g = (Val.ResultVal) got;
                    boolean ok = want.has("ok");
                    JsonNode p = ok ? want.get("ok") : want.get("err");
                    yield g.isOk() == ok
                            && (p == null || p.isNull()
                                    ? g.payload().isEmpty()
                                    : g.payload().isPresent()
                                            && same(g.payload().get(), p, ok ? r.ok() : r.err()));
                }
                default -> toVal(want, t).equals(got);
            };
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean sameSign(float a, float b) {
        return Float.floatToRawIntBits(a) >>> 31 == Float.floatToRawIntBits(b) >>> 31;
    }
}
