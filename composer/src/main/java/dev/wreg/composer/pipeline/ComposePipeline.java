package dev.wreg.composer.pipeline;

import dev.wreg.composer.ComposeInput;
import dev.wreg.composer.CompositionException;
import dev.wreg.composer.encode.GraphEncoder;
import dev.wreg.composer.graph.CompositionGraph;
import dev.wreg.composer.graph.CompositionGraph.Wiring;
import dev.wreg.composer.graph.LoadedPackage;
import dev.wreg.composer.pipeline.CompositionReport.Call;
import dev.wreg.composer.pipeline.CompositionReport.Check;
import dev.wreg.composer.pipeline.CompositionReport.SmokeRun;
import dev.wreg.composer.plan.PackageResolver;
import dev.wreg.composer.plan.PlanCompiler;
import dev.wreg.composer.plan.PlanParser;
import dev.wreg.composer.plan.PlanSyntax;
import dev.wreg.composer.plan.TargetWorld;
import dev.wreg.composer.plug.Plugger;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.ExecutionPolicy;
import dev.wreg.engine.runtime.LimitExceededException;
import dev.wreg.engine.runtime.LinkException;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.wave.Wave;
import dev.wreg.engine.wasi.WasiHost;
import dev.wreg.engine.wasi.WasiLimitExceeded;
import dev.wreg.engine.wasi.WasiRun;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.component.ComponentWit;
import dev.wreg.validator.component.ComponentValidator;
import dev.wreg.validator.core.ValidationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * compose → validate → smoke-run → report. A refused composition throws {@link
 * CompositionException}; a composition that was built but failed a check comes back with the
 * failed check in its report (so the caller can show what went wrong and decide not to store it).
 */
public final class ComposePipeline {
    private ComposePipeline() {}

    /**
     * The limits a smoke run gets unless the caller sets its own: 10 s of wall clock for
     * instantiating and all calls together, 256 MiB of linear memory, 1 MiB of output, 1000
     * instances, 10^6 table elements. A run that goes past one fails with the limit named.
     */
    public static final WasiHost.Limits DEFAULT_SMOKE_LIMITS = WasiHost.Limits.defaults()
            .withTimeout(Duration.ofSeconds(10))
            .withMaxMemoryBytes(256L << 20)
            .withMaxOutputBytes(1L << 20);

    /** What to compose and how to smoke-run it. */
    public record PlugRequest(
            ComposeInput socket,
            List<ComposeInput> plugs,
            boolean transitive,
            List<String> invoke,
            long maxInputBytes,
            WasiHost.Limits limits) {
        public PlugRequest {
            plugs = List.copyOf(plugs);
            invoke = List.copyOf(invoke);
            Objects.requireNonNull(limits, "limits");
        }

        public PlugRequest(
                ComposeInput socket,
                List<ComposeInput> plugs,
                boolean transitive,
                List<String> invoke,
                long maxInputBytes) {
            this(socket, plugs, transitive, invoke, maxInputBytes, DEFAULT_SMOKE_LIMITS);
        }

        public static PlugRequest of(
                ComposeInput socket, List<ComposeInput> plugs, boolean transitive, List<String> invoke) {
            return new PlugRequest(socket, plugs, transitive, invoke, LoadedPackage.DEFAULT_MAX_BYTES);
        }
    }

    /** The composed bytes and the report about them. */
    public record Result(byte[] bytes, CompositionReport report) {}

    public static Result plug(PlugRequest request) {
        LoadedPackage socket = LoadedPackage.load(request.socket(), request.maxInputBytes());
        List<LoadedPackage> plugs = new ArrayList<>();
        for (ComposeInput p : request.plugs()) {
            plugs.add(LoadedPackage.load(p, request.maxInputBytes()));
        }
        Plugger.Plan plan = Plugger.plug(socket, plugs, request.transitive());
        return encodeAndCheck(plan.graph(), plan.wiring(), plan.unusedPlugs(), request.invoke(), request.limits());
    }

    /**
     * What to compose from a plan: the plan's file name (for error positions) and text, where its
     * packages come from, and how to smoke-run the result.
     */
    public record PlanRequest(
            String fileName,
            String source,
            PackageResolver resolver,
            List<String> invoke,
            long maxInputBytes,
            WasiHost.Limits limits) {
        public PlanRequest {
            invoke = List.copyOf(invoke);
            Objects.requireNonNull(limits, "limits");
        }

        public PlanRequest(
                String fileName, String source, PackageResolver resolver, List<String> invoke, long maxInputBytes) {
            this(fileName, source, resolver, invoke, maxInputBytes, DEFAULT_SMOKE_LIMITS);
        }

        public static PlanRequest of(String fileName, String source, PackageResolver resolver, List<String> invoke) {
            return new PlanRequest(fileName, source, resolver, invoke, LoadedPackage.DEFAULT_MAX_BYTES);
        }
    }

    /** {@code wreg compose FILE.wac}: evaluates the plan, then encodes, validates and smoke-runs like plug. */
    public static Result compose(PlanRequest request) {
        return compose(request, PlanParser.parse(request.fileName(), request.source()));
    }

    /**
     * As {@link #compose(PlanRequest)}, for a caller that has parsed the request's plan already
     * (to refuse a syntax error before anything else): it is not parsed again.
     */
    public static Result compose(PlanRequest request, PlanSyntax.Document parsed) {
        PlanCompiler.Compiled compiled =
                PlanCompiler.compile(request.fileName(), parsed, request.resolver(), request.maxInputBytes());
        Checked checked = check(compiled.graph(), compiled.wiring(), List.of(), request.invoke(), request.limits());
        if (compiled.targets() != null) {
            TargetWorld.check(compiled.targets(), request.resolver(), checked.wit());
        }
        return checked.result();
    }

    /** Encodes a graph and runs the checks and the smoke run (under the default limits) into a report. */
    public static Result encodeAndCheck(
            CompositionGraph graph, List<Wiring> wiring, List<String> unusedPlugs, List<String> invoke) {
        return encodeAndCheck(graph, wiring, unusedPlugs, invoke, DEFAULT_SMOKE_LIMITS);
    }

    /** Encodes a graph and runs the checks and the smoke run, under {@code limits}, into a report. */
    public static Result encodeAndCheck(
            CompositionGraph graph,
            List<Wiring> wiring,
            List<String> unusedPlugs,
            List<String> invoke,
            WasiHost.Limits limits) {
        return check(graph, wiring, unusedPlugs, invoke, limits).result();
    }

    /**
     * The result and what was decoded to check it: the encoded bytes are decoded once, and the
     * validator, the WIT extraction and the smoke run all use that model. {@code wit} gives the
     * result's WIT, or throws what extracting it threw.
     */
    private record Checked(Result result, Supplier<ComponentWit.Decoded> wit) {}

    private static Checked check(
            CompositionGraph graph,
            List<Wiring> wiring,
            List<String> unusedPlugs,
            List<String> invoke,
            WasiHost.Limits limits) {
        GraphEncoder.Encoded encoded = GraphEncoder.encode(graph);
        List<Check> checks = new ArrayList<>();
        ComponentValidator.Checked validated =
                ComponentValidator.of(LoadedPackage.VALIDATION_FEATURES).decodeAndValidate(encoded.bytes());
        ValidationResult valid = validated.result();
        checks.add(new Check("validate", valid.isValid(), valid.isValid() ? "valid" : valid.toString()));
        dev.wreg.engine.binary.Component model =
                validated.decoded() == null ? null : validated.decoded().component();
        String wit = "";
        ComponentWit.Decoded decodedWit = null;
        RuntimeException witFailure = null;
        try {
            decodedWit = model != null ? ComponentWit.decode(model) : ComponentWit.decode(encoded.bytes());
            wit = WitPrinter.print(decodedWit.resolve(), decodedWit.main());
            checks.add(new Check("wit", true, "the result's WIT decodes"));
        } catch (RuntimeException e) {
            witFailure = e;
            checks.add(new Check("wit", false, "the result's WIT does not decode: " + e.getMessage()));
        }
        SmokeRun smoke = valid.isValid()
                ? smokeRun(model, encoded.imports(), invoke, limits)
                : SmokeRun.notPossible("the result is not valid", List.of());
        CompositionReport report = new CompositionReport(
                wiring, encoded.imports(), encoded.exports(), unusedPlugs, checks, smoke, wit, encoded.bytes().length);
        ComponentWit.Decoded witResult = decodedWit;
        RuntimeException witError = witFailure;
        return new Checked(new Result(encoded.bytes(), report), () -> {
            if (witError != null) {
                throw witError;
            }
            return witResult;
        });
    }

    /**
     * Instantiates with an empty linker (deny by default: the result gets no host capability) and
     * calls the functions the request names. Open imports make the run impossible; they are named.
     * Instantiation and the calls run together on a guest thread of their own under {@code
     * limits}: a run that goes past one (wall clock, linear memory, instances, tables, stack) is
     * stopped, its call fails with the limit named, and later calls are not made. Only for a model
     * the validator accepted: function bodies are parsed when first run (a composed JS engine
     * starts in a fraction of the time the whole parse takes).
     */
    static SmokeRun smokeRun(
            dev.wreg.engine.binary.Component model, List<String> imports, List<String> invoke, WasiHost.Limits limits) {
        if (!imports.isEmpty()) {
            // The smoke run grants no capability, so any open import makes it impossible.
            return SmokeRun.notPossible(
                    "the result imports " + String.join(", ", imports) + ", which the smoke run does not provide",
                    imports);
        }
        long start = System.nanoTime();
        List<Call> calls = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger(-1); // -1 while instantiating
        WasiHost host = WasiHost.builder().limits(limits).build();
        SmokeRun impossible;
        try {
            impossible = WasiRun.guarded(host, () -> runCalls(model, invoke, limits, calls, next));
        } catch (WasiLimitExceeded e) {
            String breach = "limit `" + e.limit() + "` exceeded: " + e.detail();
            int at = next.get();
            calls.add(new Call(at < 0 ? INSTANTIATE : invoke.get(at), Optional.empty(), Optional.of(breach)));
            for (int i = Math.max(0, at + 1); i < invoke.size(); i++) {
                calls.add(new Call(
                        invoke.get(i),
                        Optional.empty(),
                        Optional.of("not run: the smoke run was stopped at limit `" + e.limit() + "`")));
            }
            return new SmokeRun(
                    true, "", List.of(), calls, Duration.ofNanos(System.nanoTime() - start), Optional.of(e.limit()));
        }
        if (impossible != null) {
            return impossible;
        }
        return new SmokeRun(true, "", List.of(), calls, Duration.ofNanos(System.nanoTime() - start));
    }

    /** What a smoke run names its instantiation when that, not a call, went past a limit. */
    static final String INSTANTIATE = "(instantiate)";

    /** On the guest thread: answers the reason when the run is not possible, else null. */
    private static SmokeRun runCalls(
            dev.wreg.engine.binary.Component model,
            List<String> invoke,
            WasiHost.Limits limits,
            List<Call> calls,
            AtomicInteger next) {
        ComponentInstance instance;
        try {
            instance = PreparedComponent.ofValidated(model, ExecutionPolicy.INTERPRETER)
                    .instantiate(new Linker().limits(limits.runtime()));
        } catch (LinkException e) {
            return SmokeRun.notPossible(
                    "the result still has imports no host provides here: " + e.getMessage(), e.unsatisfied());
        } catch (RuntimeException e) {
            if (LimitExceededException.findIn(e).isPresent() || stopped()) {
                throw e;
            }
            return SmokeRun.notPossible("the engine cannot instantiate the result: " + e.getMessage(), List.of());
        }
        for (int i = 0; i < invoke.size(); i++) {
            next.set(i);
            String text = invoke.get(i);
            try {
                Wave.Call call = Wave.parseCall(text);
                String fn = instance.resolve(call.function())
                        .orElseThrow(() ->
                                new IllegalArgumentException("no exported function named `" + call.function() + "`"));
                FuncType type = instance.type(fn);
                List<Val> args = Wave.parseArguments(call.argumentText(), type.params());
                List<Val> out = instance.call(fn, args);
                String printed = out.isEmpty() ? "" : Wave.print(out.getFirst(), type.result());
                calls.add(new Call(text, Optional.of(printed), Optional.empty()));
            } catch (RuntimeException e) {
                if (LimitExceededException.findIn(e).isPresent() || stopped()) {
                    throw e; // stops the run; recorded with this call by the caller
                }
                calls.add(new Call(text, Optional.empty(), Optional.of(String.valueOf(e.getMessage()))));
            }
        }
        return null;
    }

    /**
     * The run's timeout interrupts the guest thread; the trap that follows is the timeout (which
     * the caller records with the call), not an outcome of the call.
     */
    private static boolean stopped() {
        return Thread.currentThread().isInterrupted();
    }
}
