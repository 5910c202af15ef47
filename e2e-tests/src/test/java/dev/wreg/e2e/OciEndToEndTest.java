package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/oci.md as a user runs it: every {@code sh} block of the page, in order, against the server
 * jar, with the real {@code ./wreg} and Debian's skopeo as the OCI client (pull, copy to an OCI
 * layout, push). Then what the page promises is checked: the copied layer's digest is the
 * release's content digest, the bytes are the component's, a push before the grant is refused
 * with the command that fixes it, and the pushed release fetches and verifies with wreg.
 */
@ExtendWith(SharedRegistryServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern BLOCK = Pattern.compile("```(sh|json)\\n(.*?)```", Pattern.DOTALL);
    private static final String DOC_HOST = "127.0.0.1:8080";
    /** The page's namespace; this class has its own on the shared server. */
    private static final Pattern DOC_NAMESPACE = Pattern.compile("\\bexample\\b");
    /** Set by .ci/run: without skopeo the test fails instead of skipping. */
    static final String SKOPEO_REQUIRED = "wreg.skopeo.required";

    private RegistryUnderTest registry;
    private Path root;
    private Path dir;
    private String host;
    private String ns;

    @BeforeAll
    void joinTheSharedServer(RegistryUnderTest registry) throws IOException {
        if (!onPath("skopeo")) {
            throw Prerequisites.missing(SKOPEO_REQUIRED, "skopeo not installed (apt-get install skopeo)");
        }
        this.registry = registry;
        root = registry.root();
        host = registry.baseUri().getRawAuthority();
        ns = registry.namespace();
        // The page's working directory: ./wreg, the repository's examples, and the bootstrap token
        // where the README's server keeps it.
        dir = Files.createDirectories(registry.work().resolve("doc"));
        Path wreg = Files.writeString(
                dir.resolve("wreg"), "#!/usr/bin/env bash\nexec '" + root.resolve("wreg") + "' \"$@\"\n");
        wreg.toFile().setExecutable(true);
        Files.createSymbolicLink(dir.resolve("examples"), root.resolve("examples"));
        Files.createDirectories(dir.resolve("wreg-data"));
        Files.writeString(dir.resolve("wreg-data/bootstrap-token"), registry.bootstrapToken() + "\n");
    }

    @Test
    void everyCommandOfTheOciPageWorksAndSkopeoCopiesTheReleaseDigestForDigest() throws Exception {
        String page = Files.readString(root.resolve("docs/oci.md"), StandardCharsets.UTF_8);
        List<String> shBlocks = new ArrayList<>();
        Matcher blocks = BLOCK.matcher(page);
        Result discovery = null;
        while (blocks.find()) {
            String text = DOC_NAMESPACE
                    .matcher(blocks.group(2).replace(DOC_HOST, host))
                    .replaceAll(ns);
            if (blocks.group(1).equals("json")) {
                assertThat(discovery)
                        .as("the page shows the discovery document after its curl")
                        .isNotNull();
                assertThat(discovery.stdout().strip()).isEqualTo(text.strip());
                continue;
            }
            shBlocks.add(text);
            Result result = sh(text);
            System.out.println("$ " + text.strip().replace("\n", "\n$ ") + "\n" + result.stdout() + result.stderr());
            assertThat(result.exit())
                    .as("docs/oci.md block:\n%s\n%s\nserver log:\n%s", text, result, registry.logTail())
                    .isZero();
            if (text.contains("registry.json")) {
                discovery = result;
            }
        }
        assertThat(shBlocks).as("sh blocks on the page").hasSizeGreaterThanOrEqualTo(6);

        // skopeo copy: the layer in the layout is the release's content, digest for digest.
        JsonNode info = JSON.readTree(sh("./wreg info " + ns + ":hello --json").stdout());
        String content = info.path("versions").get(0).path("content").asString();
        JsonNode index = JSON.readTree(dir.resolve("hello-oci/index.json").toFile());
        String manifestDigest = index.path("manifests").get(0).path("digest").asString();
        JsonNode manifest = JSON.readTree(
                dir.resolve("hello-oci/blobs/sha256/" + hex(manifestDigest)).toFile());
        String layer = manifest.path("layers").get(0).path("digest").asString();
        System.out.println("release content digest " + content + "; skopeo-copied layer digest " + layer);
        assertThat(layer).isEqualTo(content);
        assertThat(Files.mismatch(
                        dir.resolve("hello-oci/blobs/sha256/" + hex(layer)), root.resolve("examples/hello/hello.wasm")))
                .isEqualTo(-1L);
        assertThat(info.path("versions").get(0).path("oci").path("manifest").asString())
                .isEqualTo(manifestDigest);

        // skopeo inspect --raw printed the manifest the registry serves, unchanged.
        Result raw = sh("skopeo inspect --raw --tls-verify=false docker://" + host + "/" + ns + "/hello:0.1.0");
        JsonNode inspected = JSON.readTree(raw.stdout());
        assertThat(inspected.path("mediaType").asString()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(inspected.path("config").path("mediaType").asString())
                .isEqualTo("application/vnd.wasm.config.v0+json");
        assertThat(inspected.path("layers").get(0).path("digest").asString()).isEqualTo(content);

        // The push the page makes after the grant; before a grant, the same push is refused.
        Result refused = sh("skopeo copy --dest-tls-verify=false --dest-creds \"wkg:$(cat wreg-data/bootstrap-token)\""
                + " oci:hello-oci:0.1.0 docker://" + host + "/" + ns + "/ungranted:0.1.0");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.stderr())
                .contains("wreg grant ")
                .contains("--package " + ns + ":ungranted --permissions release");
        assertThat(Files.mismatch(dir.resolve("greeter.wasm"), root.resolve("examples/hello/hello.wasm")))
                .isEqualTo(-1L);
        JsonNode greeter =
                JSON.readTree(sh("./wreg info " + ns + ":greeter --json").stdout());
        assertThat(greeter.path("versions").get(0).path("via").asString()).isEqualTo("oci");

        // A file that is not the pulled layer fails verification with exit 6.
        Files.writeString(dir.resolve("other.wasm"), "not the component");
        Result mismatch = sh("./wreg verify --oci " + host + "/" + ns + "/hello:0.1.0 other.wasm");
        assertThat(mismatch.exit()).as(mismatch.toString()).isEqualTo(6);
        assertThat(mismatch.stderr().strip()).startsWith("wreg: other.wasm hashes to");
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    private record Result(int exit, String stdout, String stderr) {}

    /** Runs a block of the page with bash, in the page's directory, as a user with a fresh home. */
    private Result sh(String script) throws IOException, InterruptedException {
        Path home = Files.createDirectories(registry.work().resolve("home"));
        Path out = Files.createTempFile(registry.work(), "out", ".txt");
        Path err = Files.createTempFile(registry.work(), "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("WREG_") || k.startsWith("XDG_"));
        env.put("HOME", home.toString());
        env.put("WREG_REGISTRY", "http://" + host);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("did not finish in 5 minutes: " + script);
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(":")) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
