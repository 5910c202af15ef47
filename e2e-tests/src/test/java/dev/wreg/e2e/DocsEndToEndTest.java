package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every command the user-facing pages show, so that they stay true: each fenced {@code sh}
 * block of the pages below, in order, as one bash script per page ({@code set -euo pipefail}),
 * against the shared registry server (the real jar) with the real {@code ./wreg}.
 *
 * <p>A page runs in a folder of its own laid out like the repository as the pages assume it:
 * {@code ./wreg} (which runs the repository's script), {@code examples/} and {@code wreg-data/}
 * (the server's data directory, with its bootstrap token), and a home of its own. The pages
 * use port 9090; it is replaced by the server's free port. A one-line command ending in
 * {@code # → TEXT} must print TEXT. A block preceded by {@code <!-- doc-test: skip (why) -->} is
 * not run; the reason is required. Other shell fences ({@code bash}, {@code shell}, {@code console})
 * are refused, so that no command escapes the test by its fence.
 */
@ExtendWith(SharedRegistryServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsEndToEndTest {

    /** The pages whose commands this test runs (the README's contributing note names them). */
    static final List<String> PAGES = List.of(
            "README.md",
            "examples/README.md",
            "docs/guide.md",
            "docs/cli.md",
            "docs/operations.md",
            "docs/design.md",
            "registry-cli/README.md");

    /**
     * Pages whose commands another test runs, each with more checks than a doc test makes: the
     * test named reads the page (its source names the page) and runs every sh block on it.
     */
    static final Map<String, String> RUN_ELSEWHERE = Map.of(
            "docs/oci.md", "OciEndToEndTest",
            "docs/ci.md", "InterfaceDependenciesEndToEndTest",
            "docs/benchmarks.md", "BenchmarksEndToEndTest");

    /**
     * Module READMEs whose only commands are the build that runs this test ({@code ./mvnw …}) or the
     * server every end-to-end test starts ({@code ./wreg-server …}): running them here would run
     * the build inside itself. Every command line on them must be one of those two.
     */
    static final List<String> BUILD_ONLY = List.of(
            "e2e-tests/README.md",
            "registry-protocol/README.md",
            "registry-server/README.md",
            "validator/README.md",
            "web-ui/README.md");

    private static final Pattern BUILD_COMMAND = Pattern.compile("^(\\./mvnw |\\./wreg-server)");
    /** The first line of a block without a language that would be a command: it needs a fence of sh. */
    private static final Pattern LOOKS_LIKE_A_COMMAND =
            Pattern.compile("^(\\$ |\\./|curl |java |npm |apt-get |skopeo |bench/|export |cd |mkdir )");

    /** The port the pages show; any free port must do. */
    static final String DOCUMENTED_PORT = "9090";

    private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_-]*)\\s*$");
    private static final Pattern SKIP = Pattern.compile("^<!-- doc-test: skip \\((.+)\\) -->$");
    private static final Pattern EXPECTATION = Pattern.compile("^(.*\\S)\\s+# → (.+)$");
    private static final List<String> OTHER_SHELLS = List.of("bash", "shell", "console", "shell-session");

    private RegistryUnderTest registry;

    @BeforeAll
    void joinTheSharedServer(RegistryUnderTest registry) {
        this.registry = registry;
    }

    /** A fenced block: where it starts (1-based line of its opening fence), and its lines. */
    record Block(String page, int line, List<String> lines, String skipReason) {
        boolean runs() {
            return skipReason == null;
        }
    }

    static List<Block> blocksOf(String page, List<String> text) {
        List<Block> blocks = new ArrayList<>();
        String pendingSkip = null;
        int pendingSkipLine = 0;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            Matcher skip = SKIP.matcher(line.strip());
            if (skip.matches()) {
                pendingSkip = skip.group(1).strip();
                pendingSkipLine = i + 1;
                continue;
            }
            Matcher fence = FENCE.matcher(line);
            if (!fence.matches()) {
                if (!line.isBlank() && pendingSkip != null) {
                    throw new AssertionError(page + ":" + pendingSkipLine + ": a doc-test skip marker must come"
                            + " right before an sh block");
                }
                continue;
            }
            String language = fence.group(1);
            int start = i + 1;
            List<String> body = new ArrayList<>();
            for (i++; i < text.size() && !text.get(i).strip().equals("```"); i++) {
                body.add(text.get(i));
            }
            if (i == text.size()) {
                throw new AssertionError(page + ":" + start + ": the block is never closed");
            }
            if (OTHER_SHELLS.contains(language)) {
                throw new AssertionError(page + ":" + start + ": shell commands go in ```sh blocks (which this test"
                        + " runs), not ```" + language);
            }
            if (language.equals("sh")) {
                blocks.add(new Block(page, start, List.copyOf(body), pendingSkip));
            } else if (pendingSkip != null) {
                throw new AssertionError(page + ":" + pendingSkipLine + ": a doc-test skip marker before a ```"
                        + language + " block, which is never run anyway");
            }
            pendingSkip = null;
        }
        return blocks;
    }

    /** The page's runnable blocks as one bash script, the port replaced, expectations checked. */
    static String scriptOf(List<Block> blocks, int port) {
        StringBuilder script = new StringBuilder("set -euo pipefail\n__doc_at=start\n");
        script.append("trap 'echo \"doc-test: a command of the block at $__doc_at failed\" >&2' ERR\n");
        for (Block block : blocks) {
            if (!block.runs()) {
                continue;
            }
            String at = block.page() + ":" + block.line();
            script.append("\n__doc_at='").append(at).append("'\n");
            // On a line of its own even when the block before printed no final newline (curl of JSON).
            script.append("echo; echo '::: ").append(at).append("'\n");
            boolean continued = false;
            for (int n = 0; n < block.lines().size(); n++) {
                String line = block.lines().get(n).replace(DOCUMENTED_PORT, String.valueOf(port));
                Matcher expectation = EXPECTATION.matcher(line);
                if (!continued && !line.endsWith("\\") && expectation.matches()) {
                    String command = expectation.group(1);
                    String wanted = expectation.group(2).strip();
                    int lineNumber = block.line() + n + 1;
                    script.append("__doc_out=$(").append(command).append(")\n");
                    script.append("printf '%s\\n' \"$__doc_out\"\n");
                    script.append("__doc_want=").append(quoted(wanted)).append('\n');
                    script.append("[[ \"$__doc_out\" == *\"$__doc_want\"* ]] || { echo \"doc-test: ")
                            .append(block.page())
                            .append(':')
                            .append(lineNumber)
                            .append(": the output does not contain: $__doc_want\" >&2; exit 97; }\n");
                } else {
                    script.append(line).append('\n');
                }
                continued = line.endsWith("\\");
            }
        }
        return script.toString();
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandRuns() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String page : PAGES) {
            Path file = registry.root().resolve(page);
            assertThat(file).as("a page this test covers").isRegularFile();
            List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
            // A reader has the repository and nothing beside it.
            assertThat(String.join("\n", text))
                    .as(page + " points outside the repository")
                    .doesNotContain("../shared");
            List<Block> blocks = blocksOf(page, text);
            tests.add(DynamicTest.dynamicTest(page, () -> run(page, blocks)));
        }
        return tests.stream();
    }

    private void run(String page, List<Block> blocks) throws IOException, InterruptedException {
        long runnable = blocks.stream().filter(Block::runs).count();
        if (runnable == 0) {
            // A page without commands is fine; one whose every command is exempt is not.
            assertThat(blocks).as(page + ": every sh block is skipped").isEmpty();
            return;
        }
        Path folder = Files.createDirectories(
                registry.work().resolve(page.replace('/', '-').replace(".md", "")));
        Path root = registry.root();
        shim(folder.resolve("wreg"), root.resolve("wreg"));
        shim(folder.resolve("wreg-server"), root.resolve("wreg-server"));
        Files.createSymbolicLink(folder.resolve("examples"), root.resolve("examples"));
        Files.createSymbolicLink(folder.resolve("wreg-data"), registry.dataDir());
        Path home = Files.createDirectories(folder.resolve("home"));
        Path script = folder.resolve("doc.sh");
        int port = registry.baseUri().getPort();
        Files.writeString(script, scriptOf(blocks, port), StandardCharsets.UTF_8);

        Path output = folder.resolve("doc.out");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("WREG_") || k.startsWith("XDG_"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(
                    page + ": its commands did not finish in 10 minutes:\n" + Files.readString(output));
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as(
                        "%s: %d sh blocks run, exit %d\n%s\nserver log:\n%s",
                        page, runnable, process.exitValue(), printed, registry.logTail())
                .isZero();
        assertThat(printed.lines().filter(l -> l.startsWith("::: ")).count())
                .as("every runnable block was reached")
                .isEqualTo(runnable);
    }

    /** {@code ./wreg} in the page's folder: the repository's script, which finds its jar beside itself. */
    private static void shim(Path shim, Path target) throws IOException {
        Files.writeString(shim, "#!/usr/bin/env bash\nexec " + quoted(target.toString()) + " \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Every Markdown page of the repository that shows a command is run by a test: one of
     * {@link #PAGES}, a page another test runs ({@link #RUN_ELSEWHERE}), or a module README whose
     * commands are all the build itself ({@link #BUILD_ONLY}). A command in a block without a
     * language would escape all three, so such a block must not start like one.
     */
    @Test
    void everyPageThatShowsACommandIsRunByATest() throws IOException {
        Path root = Path.of(System.getProperty("wreg.root")).toRealPath();
        List<String> pages;
        try (Stream<Path> walk = Files.walk(root)) {
            pages = walk.filter(p -> p.toString().endsWith(".md"))
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> !p.matches("(.*/)?(target|node_modules|\\.[^/]+)/.*"))
                    .sorted()
                    .toList();
        }
        assertThat(pages).contains("README.md", "docs/benchmarks.md");
        List<String> inventory = new ArrayList<>();
        for (String page : pages) {
            List<String> text = Files.readAllLines(root.resolve(page), StandardCharsets.UTF_8);
            List<List<String>> shell = new ArrayList<>();
            for (int i = 0; i < text.size(); i++) {
                Matcher fence = FENCE.matcher(text.get(i));
                if (!fence.matches()) {
                    continue;
                }
                int start = i + 1;
                List<String> body = new ArrayList<>();
                for (i++; i < text.size() && !text.get(i).strip().equals("```"); i++) {
                    body.add(text.get(i));
                }
                String language = fence.group(1);
                if (language.equals("sh") || OTHER_SHELLS.contains(language)) {
                    shell.add(body);
                } else if (language.isEmpty()) {
                    String first = body.stream()
                            .filter(l -> !l.isBlank())
                            .findFirst()
                            .orElse("")
                            .strip();
                    assertThat(LOOKS_LIKE_A_COMMAND.matcher(first).find())
                            .as(
                                    "%s:%d: a block without a language starts like a command (%s): fence it ```sh"
                                            + " so that a test runs it",
                                    page, start, first)
                            .isFalse();
                }
            }
            if (shell.isEmpty()) {
                continue;
            }
            String how;
            if (PAGES.contains(page)) {
                how = "run by DocsEndToEndTest";
            } else if (RUN_ELSEWHERE.containsKey(page)) {
                String test = RUN_ELSEWHERE.get(page);
                assertThat(Files.readString(root.resolve("e2e-tests/src/test/java/dev/wreg/e2e/" + test + ".java")))
                        .as(test + " runs " + page)
                        .contains(page);
                how = "run by " + test;
            } else if (BUILD_ONLY.contains(page)) {
                for (List<String> block : shell) {
                    for (String line : block) {
                        assertThat(line.isBlank() || BUILD_COMMAND.matcher(line).find())
                                .as("%s is build-only, but shows another command: %s", page, line)
                                .isTrue();
                    }
                }
                how = "the build itself (./mvnw, ./wreg-server)";
            } else {
                throw new AssertionError(page + " shows commands (" + shell.size() + " shell blocks) that no test"
                        + " runs: add it to DocsEndToEndTest.PAGES");
            }
            inventory.add(page + ": " + shell.size() + " shell blocks, " + how);
        }
        System.out.println("documented commands:\n  " + String.join("\n  ", inventory));
        assertThat(inventory).hasSizeGreaterThanOrEqualTo(PAGES.size());
    }

    @Test
    void skipMarkersNeedAReasonAndAnShBlock() {
        List<String> page = List.of(
                "<!-- doc-test: skip (starts a server) -->",
                "```sh",
                "./wreg-server",
                "```",
                "",
                "```sh",
                "./wreg key new   # → created",
                "```",
                "```wit",
                "package a:b;",
                "```");
        List<Block> blocks = blocksOf("page.md", page);
        assertThat(blocks).extracting(Block::skipReason).containsExactly("starts a server", null);
        assertThat(blocks.get(1).line()).isEqualTo(6);

        String script = scriptOf(blocks, 4321);
        assertThat(script).doesNotContain("wreg-server").contains("__doc_out=$(./wreg key new)");

        List<String> stray = List.of("<!-- doc-test: skip (why) -->", "text", "```sh", "ls", "```");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blocksOf("page.md", stray))
                .hasMessageContaining("page.md:1: a doc-test skip marker must come right before an sh block");
        List<String> bash = List.of("```bash", "ls", "```");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blocksOf("page.md", bash))
                .hasMessageContaining("not ```bash");
    }

    @Test
    void portIsReplacedAndExpectationsAreChecked() throws Exception {
        List<Block> blocks = List.of(new Block(
                "page.md",
                1,
                List.of("echo http://localhost:9090   # → localhost:4321", "echo it is   # → nothing like it"),
                null));
        String script = scriptOf(blocks, 4321);
        Path file = Files.createTempFile("doc-test-", ".sh");
        try {
            Files.writeString(file, script);
            Process bash = new ProcessBuilder("bash", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor()).as(out).isEqualTo(97);
            assertThat(out)
                    .contains("http://localhost:4321")
                    .contains("doc-test: page.md:3: the output does not contain: nothing like it");
        } finally {
            Files.delete(file);
        }
    }
}
