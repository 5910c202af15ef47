package dev.wreg.engine.runtime.internal;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.Base64;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.AnnotatedInstruction;
import run.endive.wasm.types.CodeSection;
import run.endive.wasm.types.CustomSection;
import run.endive.wasm.types.DataCountSection;
import run.endive.wasm.types.DataSection;
import run.endive.wasm.types.ElementSection;
import run.endive.wasm.types.ExportSection;
import run.endive.wasm.types.FunctionBody;
import run.endive.wasm.types.FunctionSection;
import run.endive.wasm.types.GlobalSection;
import run.endive.wasm.types.ImportSection;
import run.endive.wasm.types.MemorySection;
import run.endive.wasm.types.Section;
import run.endive.wasm.types.StartSection;
import run.endive.wasm.types.TableSection;
import run.endive.wasm.types.TagSection;
import run.endive.wasm.types.TypeSection;
import run.endive.wasm.types.ValType;

/**
 * Parses a core module for Endive's interpreter without parsing its function bodies: each body is
 * parsed, and checked by Endive's validator, the first time the interpreter reads it. A 12 MB
 * JavaScript engine (componentize-js) runs a few hundred of its tens of thousands of functions to
 * say hello, and Endive's parser turns every body into instruction objects up front — most of a
 * cold start.
 *
 * <p>Endive has no lazy mode, so this builds one from outside, against Endive {@value
 * #ENDIVE_VERSION} exactly: the module's other sections are parsed by Endive, its code section
 * holds a placeholder {@link FunctionBody} per function, and each placeholder gets lists that,
 * when first read, parse the original body with Endive's own code-section parser, run Endive's
 * validator over it (which also annotates instructions the interpreter relies on: the width of
 * {@code select} and {@code drop} operands, the heap types of casts), and put the real lists in
 * place. Parser, validator and body fields are not public, so they are reached by reflection;
 * when any of them is missing (a different Endive, or a JVM that forbids it) {@link #parse}
 * returns null and the caller parses the whole module as before.
 *
 * <p>A body Endive finds invalid is only found when it is first run, where the eager parse would
 * have refused the module. Only components the wreg validator accepts before anything of them is
 * instantiated are prepared this way ({@code PreparedComponent.fromValidatedBytes}), so that
 * cannot happen for them; if it did, the call fails with Endive's error.
 */
final class BodiesOnDemand {
    private BodiesOnDemand() {}

    static final String ENDIVE_VERSION = "1.0.0";

    private static final Method PARSE_CODE_SECTION;
    private static final Constructor<?> NEW_VALIDATOR;
    private static final Method VALIDATE_FUNCTION;
    private static final Field LOCALS;
    private static final Field INSTRUCTIONS;
    private static final boolean AVAILABLE;

    static {
        Method parse = null;
        Constructor<?> validator = null;
        Method validate = null;
        Field locals = null;
        Field instructions = null;
        boolean available;
        try {
            parse = Parser.class.getDeclaredMethod("parseCodeSection", ByteBuffer.class, TypeSection.class);
            parse.setAccessible(true);
            // Package-private in Endive, hence by name.
            Class<?> validatorClass = Class.forName("run.endive.wasm.Validator", false, Parser.class.getClassLoader());
            validator = validatorClass.getDeclaredConstructor(WasmModule.class);
            validator.setAccessible(true);
            validate = validatorClass.getDeclaredMethod(
                    "validateFunction", int.class, FunctionBody.class, run.endive.wasm.types.FunctionType.class);
            validate.setAccessible(true);
            locals = FunctionBody.class.getDeclaredField("locals");
            locals.setAccessible(true);
            instructions = FunctionBody.class.getDeclaredField("instructions");
            instructions.setAccessible(true);
            available = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            available = false;
        }
        PARSE_CODE_SECTION = parse;
        NEW_VALIDATOR = validator;
        VALIDATE_FUNCTION = validate;
        LOCALS = locals;
        INSTRUCTIONS = instructions;
        AVAILABLE = available;
    }

    /**
     * The module parsed with its function bodies left for their first run, or null when that
     * cannot be done here (see the class comment); {@code moduleBytes} is kept, not modified.
     * {@code sha256} is the SHA-256 of {@code moduleBytes} (the module's digest, as Endive's own
     * parse gives it). Throws Endive's exception when the module's other sections do not parse.
     *
     * <p>The sections other than the code section are parsed by Endive's parser and put together
     * with a code section of placeholders, without Endive's module validation: the wreg validator
     * has checked the whole module, and the one thing the interpreter needs from Endive's
     * validator — its annotations — is in function bodies, which it still sees at their first
     * run. A body that may hold {@code table.grow} is parsed at once, for {@link LimitBudget}.
     */
    static WasmModule parse(byte[] moduleBytes, byte[] sha256) {
        if (!AVAILABLE || "false".equals(System.getProperty("wreg.engine.bodies-on-demand"))) {
            return null;
        }
        StubbedBodies.Stripped layout;
        try {
            layout = StubbedBodies.withoutCode(moduleBytes);
        } catch (IllegalArgumentException e) {
            return null; // let Endive's own parser report what is wrong
        }
        int bodies = layout.bodyStart().length;
        CodeSection.Builder code = CodeSection.builder();
        FunctionBody[] placeholders = new FunctionBody[bodies];
        for (int i = 0; i < bodies; i++) {
            placeholders[i] = new FunctionBody(List.of(), List.of());
            code.addFunctionBody(placeholders[i]);
        }
        WasmModule.Builder builder = WasmModule.builder()
                .withValidation(false)
                .withDigest("sha-256:" + Base64.getEncoder().encodeToString(sha256));
        Parser.builder().build().parse(new ByteArrayInputStream(layout.bytes()), section -> add(builder, section));
        WasmModule module = builder.setCodeSection(code.build()).build();
        Module lazy = new Module(module, moduleBytes.clone(), layout);
        Body[] deferred = new Body[bodies];
        try {
            for (int i = 0; i < bodies; i++) {
                deferred[i] = new Body(lazy, i, placeholders[i]);
                LOCALS.set(placeholders[i], new Deferred<ValType>(deferred[i], false));
                INSTRUCTIONS.set(placeholders[i], new Deferred<AnnotatedInstruction>(deferred[i], true));
            }
        } catch (IllegalAccessException | RuntimeException e) {
            return null; // e.g. a JVM that refuses to change final fields: parse it all instead
        }
        for (int i = 0; i < bodies; i++) {
            if (!layout.stubbed().get(i)) {
                deferred[i].real();
            }
        }
        return module;
    }

    /** Puts a parsed section into the module being built, as Endive's own parse does. */
    private static void add(WasmModule.Builder b, Section section) {
        switch (section) {
            case CustomSection c -> b.addCustomSection(c.name(), c);
            case TypeSection t -> b.setTypeSection(t);
            case ImportSection i -> b.setImportSection(i);
            case FunctionSection f -> b.setFunctionSection(f);
            case TableSection t -> b.setTableSection(t);
            case MemorySection m -> b.setMemorySection(m);
            case GlobalSection g -> b.setGlobalSection(g);
            case ExportSection e -> b.setExportSection(e);
            case StartSection s -> b.setStartSection(s);
            case ElementSection e -> b.setElementSection(e);
            case DataSection d -> b.setDataSection(d);
            case DataCountSection d -> b.setDataCountSection(d);
            case TagSection t -> b.setTagSection(t);
            default -> b.addIgnoredSection(section.sectionId());
        }
    }

    /** Whether this body is still waiting for its first run (so it holds no {@code table.grow}). */
    static boolean unparsed(FunctionBody body) {
        return body.instructions() instanceof Deferred<?> d && !d.body.parsed();
    }

    /** How many bodies were parsed on demand in this process, and the time it took. */
    static ModuleCache.OnDemand soFar() {
        return new ModuleCache.OnDemand(PARSED.get(), PARSE_NANOS.get());
    }

    private static final AtomicInteger PARSED = new AtomicInteger();
    private static final AtomicLong PARSE_NANOS = new AtomicLong();

    /** What every deferred body of one module shares: the original bytes and one validator. */
    private static final class Module {
        final WasmModule module;
        /** A copy of the module's bytes, the parser's scratch space. */
        final byte[] bytes;

        final StubbedBodies.Stripped layout;
        final int functionImports;
        private Object validator; // Endive's Validator, reused for every body of the module

        Module(WasmModule module, byte[] bytes, StubbedBodies.Stripped layout) {
            this.module = module;
            this.bytes = bytes;
            this.layout = layout;
            this.functionImports = module.importSection().count(run.endive.wasm.types.ExternalType.FUNCTION);
        }

        /** Parses and validates code-section entry {@code i} of the original bytes. */
        synchronized FunctionBody parseBody(int i) {
            int start = layout.bodyStart()[i];
            int end = layout.bodyEnd()[i];
            // A code section of one entry, read in place: a count of 1 written over the byte
            // before the body (put back below; this module's parses take turns), so that every
            // instruction carries its offset in the module, as the whole parse gives it.
            byte saved = bytes[start - 1];
            bytes[start - 1] = 1;
            ByteBuffer buffer =
                    ByteBuffer.wrap(bytes, start - 1, end - start + 1).order(ByteOrder.LITTLE_ENDIAN);
            try {
                CodeSection one = (CodeSection) PARSE_CODE_SECTION.invoke(null, buffer, module.typeSection());
                FunctionBody parsed = one.getFunctionBody(0);
                if (validator == null) {
                    validator = NEW_VALIDATOR.newInstance(module);
                }
                VALIDATE_FUNCTION.invoke(
                        validator,
                        functionImports + i,
                        parsed,
                        module.functionSection().getFunctionType(i, module.typeSection()));
                return parsed;
            } catch (InvocationTargetException e) {
                validator = null; // it keeps the errors it found; the next body gets a fresh one
                if (e.getCause() instanceof RuntimeException r) {
                    throw r; // Endive's MalformedException or InvalidException, as the eager parse throws
                }
                throw new IllegalStateException("function body " + (functionImports + i) + ": " + e.getCause(), e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("function body " + (functionImports + i) + ": " + e, e);
            } finally {
                bytes[start - 1] = saved;
            }
        }
    }

    /** One deferred body of a module: parsed once, by whichever thread reads it first. */
    private static final class Body {
        final Module module;
        final int index;
        final FunctionBody target;
        private volatile FunctionBody parsed;

        Body(Module module, int index, FunctionBody target) {
            this.module = module;
            this.index = index;
            this.target = target;
        }

        boolean parsed() {
            return parsed != null;
        }

        FunctionBody real() {
            FunctionBody p = parsed;
            if (p == null) {
                synchronized (this) {
                    p = parsed;
                    if (p == null) {
                        long t0 = System.nanoTime();
                        p = module.parseBody(index);
                        PARSE_NANOS.addAndGet(System.nanoTime() - t0);
                        try {
                            // From now on the interpreter reads the real lists straight away.
                            LOCALS.set(target, p.localTypes());
                            INSTRUCTIONS.set(target, p.instructions());
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e); // was allowed when the stubs were made
                        }
                        PARSED.incrementAndGet();
                        parsed = p;
                    }
                }
            }
            return p;
        }
    }

    /** The locals or the instructions of a body not parsed yet: the first read parses it. */
    private static final class Deferred<T> extends AbstractList<T> implements RandomAccess {
        final Body body;
        private final boolean instructions;

        Deferred(Body body, boolean instructions) {
            this.body = body;
            this.instructions = instructions;
        }

        @SuppressWarnings("unchecked")
        private List<T> real() {
            FunctionBody b = body.real();
            return (List<T>) (instructions ? b.instructions() : b.localTypes());
        }

        @Override
        public T get(int index) {
            return real().get(index);
        }

        @Override
        public int size() {
            return real().size();
        }
    }
}
