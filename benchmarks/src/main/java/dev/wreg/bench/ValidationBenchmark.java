package dev.wreg.bench;

import dev.wreg.testsupport.SharedData;
import dev.wreg.validator.Validator;
import dev.wreg.validator.core.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Validation ({@link Validator#validate(byte[])}, as {@code wreg validate} runs it) on the largest
 * fixtures and on whole corpora. One operation validates every file of the input once; the
 * input's total size is in {@link #corpusBytes}, so bench/validate-bench.sh turns ms/op into
 * MB/s and prints the ratio to wasm-tools (via jco) on the same files.
 *
 * <p>Inputs ({@code -p input=…}): a fixture file name; {@code component-corpus} (every
 * component of the shared component-validation corpus and every fixture); {@code core-corpus}
 * (the shared core-validation corpus). The shared folder comes from {@code -Dwreg.shared=…}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ValidationBenchmark {

    @Param({"greeter-js.wasm", "hello-js.wasm", "cat-file.wasm", "component-corpus", "core-corpus"})
    public String input;

    private List<byte[]> files;

    /**
     * The files one operation validates, in a stable order, less those named (by file name) in
     * the file that {@code -Dwreg.bench.exclude} points to: bench/validate-bench.sh leaves out
     * the few files on which jco's side panics, so both sides measure the same files.
     */
    public static List<Path> inputFiles(Path shared, String input) {
        Set<String> excluded = new HashSet<>();
        String exclude = System.getProperty("wreg.bench.exclude");
        if (exclude != null && !exclude.isEmpty()) {
            try {
                excluded.addAll(Files.readAllLines(Path.of(exclude)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return allInputFiles(shared, input).stream()
                .filter(p -> !excluded.contains(p.getFileName().toString()))
                .toList();
    }

    private static List<Path> allInputFiles(Path shared, String input) {
        Path fixtures = shared.resolve("fixtures").resolve("wasm");
        return switch (input) {
            case "component-corpus" -> {
                List<Path> out = new ArrayList<>(list(shared.resolve("conformance")
                        .resolve("component-validation")
                        .resolve("wasm")));
                out.addAll(list(fixtures));
                yield out;
            }
            case "core-corpus" ->
                list(shared.resolve("conformance").resolve("core-validation").resolve("wasm"));
            default -> List.of(fixtures.resolve(input));
        };
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Total bytes of an input, for MB/s. */
    public static long corpusBytes(Path shared, String input) throws IOException {
        long total = 0;
        for (Path p : inputFiles(shared, input)) {
            total += Files.size(p);
        }
        return total;
    }

    @Setup
    public void load() throws IOException {
        files = new ArrayList<>();
        for (Path p : inputFiles(SharedData.locate("."), input)) {
            files.add(Files.readAllBytes(p));
        }
    }

    /** Returns the number of valid files, so the work cannot be optimised away. */
    @Benchmark
    public int validate() {
        int valid = 0;
        for (byte[] f : files) {
            ValidationResult r = Validator.validate(f);
            if (r.isValid()) {
                valid++;
            }
        }
        return valid;
    }

    /**
     * For bench/validate-bench.sh: {@code SHARED INPUT…} prints {@code input,files,bytes} per
     * input; {@code --files SHARED INPUT} prints the input's file paths, one a line; {@code --cpu
     * SHARED RUNS INPUT…} prints {@code input,ms}, the least CPU time of one operation on the
     * validating threads (this one and the validator's pool) over RUNS operations after as many
     * warm-up ones, which other processes' load does not inflate the way it inflates wall time.
     */
    public static void main(String[] args) throws IOException {
        if (args.length >= 4 && args[0].equals("--cpu")) {
            cpu(Path.of(args[1]), Integer.parseInt(args[2]), List.of(args).subList(3, args.length));
            return;
        }
        if (args.length >= 3 && args[0].equals("--files")) {
            inputFiles(Path.of(args[1]), args[2]).forEach(System.out::println);
            return;
        }
        Path shared = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            List<Path> files = inputFiles(shared, args[i]);
            System.out.println(args[i] + "," + files.size() + "," + corpusBytes(shared, args[i]));
        }
    }

    private static void cpu(Path shared, int runs, List<String> inputs) throws IOException {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String input : inputs) {
            ValidationBenchmark b = new ValidationBenchmark();
            b.input = input;
            System.setProperty("wreg.shared", shared.toString());
            b.load();
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 2 * runs; i++) {
                long t0 = workCpu(threads);
                b.validate();
                long t = workCpu(threads) - t0;
                if (i >= runs) {
                    best = Math.min(best, t);
                }
            }
            System.out.printf(java.util.Locale.ROOT, "%s,%.3f%n", input, best / 1e6);
        }
    }

    /**
     * CPU time of the validating threads: this one and the validator's pool, which validates
     * function bodies of large modules in parallel (the JVM's compiler and GC threads are not
     * counted, as jco's figure is one thread).
     */
    private static long workCpu(java.lang.management.ThreadMXBean threads) {
        long total = threads.getCurrentThreadCpuTime();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("wreg-validator-")) {
                long cpu = threads.getThreadCpuTime(t.threadId());
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }
}
