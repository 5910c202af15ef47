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
import dev.wreg.composer.plan.TargetWorld;
import dev.wreg.composer.plug.Plugger;
import dev.wreg.engine.runtime.ComponentInstance;
import dev.wreg.engine.runtime.LinkException;
import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.engine.runtime.abi.FuncType;
import dev.wreg.engine.runtime.wave.Wave;
import dev.wreg.engine.wit.WitPrinter;
import dev.wreg.engine.wit.component.ComponentWit;
import dev.wreg.validator.Validator;
import dev.wreg.validator.core.ValidationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * compose → validate → smoke-run → report. A refused composition throws {@link
 * CompositionException}; a composition that was built but failed a check comes back with the
 * failed check in its report (so the caller can show what went wrong and decide not to store it).
 */
public final class ComposePipeline {
    private ComposePipeline() {}

    /** What to compose and how to smoke-run it. */
    public record PlugRequest(
            ComposeInput socket,
            List<ComposeInput> plugs,
            boolean transitive,
            List<String> invoke,
            long maxInputBytes) {
        public PlugRequest {
            plugs = List.copyOf(plugs);
            invoke = List.copyOf(invoke);
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
        return encodeAndCheck(plan.graph(), plan.wiring(), plan.unusedPlugs(), request.invoke());
    }

    /**
     * What to compose from a plan: the plan's file name (for error positions) and text, where its
     * packages come from, and how to smoke-run the result.
     */
    public record PlanRequest(
            String fileName, String source, PackageResolver resolver, List<String> invoke, long maxInputBytes) {
        public PlanRequest {
            invoke = List.copyOf(invoke);
        }

        public static PlanRequest of(String fileName, String source, PackageResolver resolver, List<String> invoke) {
            return new PlanRequest(fileName, source, resolver, invoke, LoadedPackage.DEFAULT_MAX_BYTES);
        }
    }

    /** {@code wreg compose FILE.wac}: evaluates the plan, then encodes, validates and smoke-runs like plug. */
    public static Result compose(PlanRequest request) {
        PlanCompiler.Compiled compiled =
                PlanCompiler.compile(request.fileName(), request.source(), request.resolver(), request.maxInputBytes());
        Result result = encodeAndCheck(compiled.graph(), compiled.wiring(), List.of(), request.invoke());
        if (compiled.targets() != null) {
            TargetWorld.check(compiled.targets(), request.resolver(), result.bytes());
        }
        return result;
    }

    /** Encodes a graph and runs the checks and the smoke run into a report. */
    public static Result encodeAndCheck(
            CompositionGraph graph, List<Wiring> wiring, List<String> unusedPlugs, List<String> invoke) {
        GraphEncoder.Encoded encoded = GraphEncoder.encode(graph);
        List<Check> checks = new ArrayList<>();
        ValidationResult valid = Validator.validate(encoded.bytes(), LoadedPackage.VALIDATION_FEATURES);
        checks.add(new Check("validate", valid.isValid(), valid.isValid() ? "valid" : valid.toString()));
        String wit = "";
        try {
            ComponentWit.Decoded d = ComponentWit.decode(encoded.bytes());
            wit = WitPrinter.print(d.resolve(), d.main());
            checks.add(new Check("wit", true, "the result's WIT decodes"));
        } catch (RuntimeException e) {
            checks.add(new Check("wit", false, "the result's WIT does not decode: " + e.getMessage()));
        }
        SmokeRun smoke = valid.isValid()
                ? smokeRun(encoded.bytes(), encoded.imports(), invoke)
                : SmokeRun.notPossible("the result is not valid", List.of());
        CompositionReport report = new CompositionReport(
                wiring, encoded.imports(), encoded.exports(), unusedPlugs, checks, smoke, wit, encoded.bytes().length);
        return new Result(encoded.bytes(), report);
    }

    /**
     * Instantiates with an empty linker (deny by default: the result gets no host capability) and
     * calls the functions the request names. Open imports make the run impossible; they are named.
     */
    static SmokeRun smokeRun(byte[] bytes, List<String> imports, List<String> invoke) {
        if (!imports.isEmpty()) {
            // The smoke run grants no capability, so any open import makes it impossible.
            return SmokeRun.notPossible(
                    "the result imports " + String.join(", ", imports) + ", which the smoke run does not provide",
                    imports);
        }
        long start = System.nanoTime();
        ComponentInstance instance;
        try {
            instance = PreparedComponent.fromBytes(bytes).instantiate(new Linker());
        } catch (LinkException e) {
            return SmokeRun.notPossible(
                    "the result still has imports no host provides here: " + e.getMessage(), e.unsatisfied());
        } catch (RuntimeException e) {
            return SmokeRun.notPossible("the engine cannot instantiate the result: " + e.getMessage(), List.of());
        }
        List<Call> calls = new ArrayList<>();
        for (String text : invoke) {
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
                calls.add(new Call(text, Optional.empty(), Optional.of(String.valueOf(e.getMessage()))));
            }
        }
        return new SmokeRun(true, "", List.of(), calls, Duration.ofNanos(System.nanoTime() - start));
    }
}
