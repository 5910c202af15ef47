package dev.wreg.engine.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.NeedsSharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Mutated components (bit flips, truncations, splices) either decode — and then survive encode →
 * decode unchanged — or fail with a {@link ComponentFormatException} carrying an offset inside the
 * input. Anything else (an unchecked exception, an error, a hang) fails the property. Seeds: every
 * fixture (the two 12 MB JavaScript components as skeletons: their component-level sections with
 * empty core modules, since the decoder keeps module bytes opaque anyway) and every component of
 * the validation corpus up to 64 KiB, valid or not.
 */
@NeedsSharedData({"fixtures/wasm", "conformance/component-validation"})
@AddLifecycleHook(NeedsSharedData.PropertyHook.class)
class ComponentDecoderFuzzTest {

    /** Loaded by the first generator (not in a static initializer, so that missing data skips). */
    private static List<byte[]> seeds;

    private static final AtomicLong CASES = new AtomicLong();
    private static final AtomicLong DECODED = new AtomicLong();
    private static final AtomicLong REJECTED = new AtomicLong();

    private static List<byte[]> loadSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (Path p : SharedCorpus.fixtures()) {
            byte[] b = SharedCorpus.read(p);
            seeds.add(b.length <= 64 * 1024 ? b : skeleton(ComponentDecoder.decode(b)));
        }
        for (SharedCorpus.Case c : SharedCorpus.componentValidationCases()) {
            if (Files.isRegularFile(c.file())) {
                byte[] b = SharedCorpus.read(c.file());
                if (b.length >= 8 && b.length <= 64 * 1024) {
                    seeds.add(b);
                }
            }
        }
        return List.copyOf(seeds);
    }

    /**
     * The component with every core module replaced by an empty one: the large fixtures keep their
     * whole component-level structure (types, imports, canons, …) as a small seed.
     */
    private static byte[] skeleton(Component component) {
        Bytes emptyModule = Bytes.of(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        List<Section> sections = component.sections().stream()
                .map(s -> switch (s) {
                    case Section.CoreModuleSection m -> new Section.CoreModuleSection(new CoreModule(emptyModule));
                    case Section.NestedComponent n ->
                        new Section.NestedComponent(ComponentDecoder.decode(skeleton(n.component())));
                    default -> s;
                })
                .toList();
        return ComponentEncoder.encode(Component.of(sections));
    }

    private static void decodesCleanly(byte[] input) {
        CASES.incrementAndGet();
        Component component;
        try {
            component = ComponentDecoder.decode(input);
        } catch (ComponentFormatException e) {
            assertThat(e.offset()).isBetween(0L, (long) input.length);
            REJECTED.incrementAndGet();
            return;
        }
        DECODED.incrementAndGet();
        assertThat(ComponentDecoder.decode(ComponentEncoder.encode(component))).isEqualTo(component);
        exerciseViews(component);
    }

    /** The lazily parsed views must fail just as cleanly as the decoder. */
    private static void exerciseViews(Component component) {
        for (Section s : component.sections()) {
            try {
                switch (s) {
                    case Section.Custom c -> {
                        c.componentNames();
                        c.producers();
                    }
                    case Section.CoreModuleSection m -> {
                        m.module().customSections();
                        m.module().componentTypes();
                        m.module().moduleName();
                    }
                    case Section.Imports i -> i.imports().forEach(x -> x.name().kind());
                    case Section.Exports e -> e.exports().forEach(x -> x.name().kind());
                    case Section.NestedComponent n -> exerciseViews(n.component());
                    default -> {}
                }
            } catch (ComponentFormatException expected) {
                // a clean, typed failure of a view
            }
        }
    }

    private static synchronized List<byte[]> seeds() {
        if (seeds == null) {
            seeds = loadSeeds();
        }
        return seeds;
    }

    private static Arbitrary<byte[]> seed() {
        List<byte[]> all = seeds();
        return Arbitraries.integers().between(0, all.size() - 1).map(all::get);
    }

    /** A fraction in [0, 1) in millionths (jqwik's double generation is much slower). */
    private static Arbitrary<Double> fraction() {
        return Arbitraries.integers().between(0, 999_999).map(i -> i / 1_000_000.0);
    }

    @Provide
    Arbitrary<byte[]> bitFlips() {
        return Combinators.combine(
                        seed(), Arbitraries.longs().list().ofMinSize(1).ofMaxSize(8), Arbitraries.of(true, false))
                .as((original, randoms, nearStart) -> {
                    byte[] b = original.clone();
                    // Half of the cases flip bits in the first 512 bytes, where the component-level
                    // structure (rather than an embedded core module) usually is.
                    long bits = nearStart ? Math.min(b.length, 512) * 8L : b.length * 8L;
                    for (long r : randoms) {
                        long bit = Math.floorMod(r, bits);
                        b[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
                    }
                    return b;
                });
    }

    @Provide
    Arbitrary<byte[]> truncations() {
        return Combinators.combine(seed(), fraction(), Arbitraries.integers().between(0, 255))
                .as((original, fraction, lastByte) -> {
                    int length = (int) (original.length * fraction);
                    byte[] b = java.util.Arrays.copyOf(original, length);
                    // Sometimes also corrupt the last byte kept, to land inside LEB128s and names.
                    if (length > 8 && (lastByte & 1) == 1) {
                        b[length - 1] = (byte) lastByte.intValue();
                    }
                    return b;
                });
    }

    @Provide
    Arbitrary<byte[]> splices() {
        return Combinators.combine(
                        seed(),
                        seed(),
                        fraction(),
                        fraction(),
                        Arbitraries.integers().between(0, 600),
                        Arbitraries.integers().between(0, 64))
                .as((a, b, at, from, length, skip) -> {
                    int cut = (int) (a.length * at);
                    int start = (int) (b.length * from);
                    int len = Math.min(length, b.length - start);
                    int resume = Math.min(a.length, cut + skip);
                    byte[] out = new byte[cut + len + (a.length - resume)];
                    System.arraycopy(a, 0, out, 0, cut);
                    System.arraycopy(b, start, out, cut, len);
                    System.arraycopy(a, resume, out, cut + len, a.length - resume);
                    return out;
                });
    }

    @Property(
            tries = 40_000,
            shrinking = ShrinkingMode.OFF,
            edgeCases = EdgeCasesMode.NONE,
            generation = GenerationMode.RANDOMIZED)
    void bitFlippedComponentsDecodeOrFailCleanly(@ForAll("bitFlips") byte[] input) {
        decodesCleanly(input);
    }

    @Property(
            tries = 25_000,
            shrinking = ShrinkingMode.OFF,
            edgeCases = EdgeCasesMode.NONE,
            generation = GenerationMode.RANDOMIZED)
    void truncatedComponentsDecodeOrFailCleanly(@ForAll("truncations") byte[] input) {
        decodesCleanly(input);
    }

    @Property(
            tries = 40_000,
            shrinking = ShrinkingMode.OFF,
            edgeCases = EdgeCasesMode.NONE,
            generation = GenerationMode.RANDOMIZED)
    void splicedComponentsDecodeOrFailCleanly(@ForAll("splices") byte[] input) {
        decodesCleanly(input);
    }

    @AfterContainer
    static synchronized void summary() {
        if (seeds == null) {
            return; // skipped: no shared data
        }
        System.out.println("fuzz: " + CASES.get() + " mutated inputs from " + seeds.size() + " seeds: " + DECODED.get()
                + " decoded and round-tripped, " + REJECTED.get() + " rejected with a typed error, 0 other failures");
    }
}
