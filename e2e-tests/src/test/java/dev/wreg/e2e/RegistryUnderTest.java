package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One end-to-end class's view of the shared registry server ({@link SharedRegistryServer}): the
 * server's address, bootstrap token and log, a folder of the class's own, and registry namespaces
 * that belong to this class alone.
 */
final class RegistryUnderTest {
    private final Path root;
    private final Path work;
    private final ServerProcess server;
    private final String token;
    private final String namespace;

    RegistryUnderTest(Path root, Path work, ServerProcess server, String token, String namespace) {
        this.root = root;
        this.work = work;
        this.server = server;
        this.token = token;
        this.namespace = namespace;
    }

    /** {@code PublishFetchEndToEndTest} → {@code publish-fetch}. */
    static String stemOf(Class<?> testClass) {
        String name = testClass.getSimpleName().replaceFirst("(EndToEnd)?Test$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The repository root, where {@code ./wreg} is. */
    Path root() {
        return root;
    }

    /** A folder for this class alone (users' homes, plans, outputs); deleted after the run. */
    Path work() {
        return work;
    }

    URI baseUri() {
        return server.baseUri();
    }

    /** The admin token the server generated on its first start. */
    String bootstrapToken() {
        return token;
    }

    /** The server's data directory ({@code --wreg.data-dir}): {@code bootstrap-token} is in it. */
    Path dataDir() {
        return server.dataDir();
    }

    /** The end of the server's log, for assertion messages. */
    String logTail() {
        return server.logTail();
    }

    /** This class's own registry namespace, named after it ({@code publish-fetch}). */
    String namespace() {
        return namespace;
    }

    /** Another namespace of this class's own: {@code namespace() + "-" + suffix}. */
    String namespace(String suffix) {
        return namespace + "-" + suffix;
    }

    /** {@code ./wreg} as user {@code name} (its own home under {@link #work}) against the server. */
    WregRunner user(String name) {
        return user(name, baseUri());
    }

    /** {@code ./wreg} as user {@code name} against another address (a proxy, a closed port). */
    WregRunner user(String name, URI registry) {
        return new WregRunner(root.resolve("wreg"), work.resolve(name), Map.of("WREG_REGISTRY", registry.toString()));
    }

    /** A user with a new key, logged in with the bootstrap token. */
    WregRunner loggedIn(String name) throws IOException, InterruptedException {
        return loggedIn(user(name));
    }

    /** {@code wreg key new} and {@code wreg login} with the bootstrap token for {@code wreg}. */
    WregRunner loggedIn(WregRunner wreg) throws IOException, InterruptedException {
        WregRunner.Result key = wreg.run("key", "new");
        assertThat(key.exitCode()).as(key.toString()).isZero();
        WregRunner.Result login = wreg.runWithInput(token + "\n", "login", "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        return wreg;
    }
}
