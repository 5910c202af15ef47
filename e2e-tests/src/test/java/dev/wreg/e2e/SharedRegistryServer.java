package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One registry server process (the real jar, embedded PostgreSQL) for every end-to-end class:
 * started by the first class that asks for a {@link RegistryUnderTest}, kept in the root
 * {@link ExtensionContext.Store} and stopped when the whole run ends. Starting it costs 10–20 s,
 * so each class no longer starts its own.
 *
 * <p>Use: {@code @ExtendWith(SharedRegistryServer.class)} on the class and a
 * {@code RegistryUnderTest} parameter on its {@code @BeforeAll} method (or on a test). Each class
 * gets its own view, kept in a store namespace of its own: a folder for its users' homes and
 * files, and registry namespaces named after the class ({@link RegistryUnderTest#namespace}), so
 * that classes sharing the server never claim the same namespace or publish the same package.
 * Classes run one after another; a class must not assume the log or the package list is empty.
 */
final class SharedRegistryServer implements ParameterResolver {
    private static final Namespace SERVER = Namespace.create(SharedRegistryServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RegistryUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running server = context.getRoot()
                .getStore(SERVER)
                .computeIfAbsent(Running.class, key -> Running.start(), Running.class);
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext
                .getStore(Namespace.create(SharedRegistryServer.class, testClass))
                .computeIfAbsent(RegistryUnderTest.class, key -> server.viewFor(testClass), RegistryUnderTest.class);
    }

    /** The process and its folder; closed by JUnit when the root store closes (end of the run). */
    static final class Running implements AutoCloseable {
        private final Path root;
        private final Path work;
        private final ServerProcess process;
        private final String token;
        /** Namespace stem to the class that owns it: two classes must never share one. */
        private final Map<String, Class<?>> stems = new ConcurrentHashMap<>();

        private Running(Path root, Path work, ServerProcess process, String token) {
            this.root = root;
            this.work = work;
            this.process = process;
            this.token = token;
        }

        static Running start() {
            try {
                Path root = Path.of(System.getProperty("wreg.root")).toRealPath();
                Path jar = root.resolve("registry-server/target/registry-server.jar");
                assertThat(jar)
                        .as("built by the registry-server module before this one")
                        .isRegularFile();
                assertThat(root.resolve("registry-cli/target/wreg.jar"))
                        .as("built by the registry-cli module before this one")
                        .isRegularFile();
                Path work = Files.createTempDirectory("wreg-e2e-");
                ServerProcess process = ServerProcess.start(jar, work);
                try {
                    process.awaitReady();
                    String token = process.bootstrapToken();
                    assertThat(token).startsWith("wreg_");
                    return new Running(root, work, process, token);
                } catch (Throwable e) {
                    process.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        RegistryUnderTest viewFor(Class<?> testClass) {
            String stem = RegistryUnderTest.stemOf(testClass);
            Class<?> owner = stems.putIfAbsent(stem, testClass);
            if (owner != null && owner != testClass) {
                throw new IllegalStateException(
                        testClass.getName() + " and " + owner.getName() + " would share namespace " + stem);
            }
            try {
                Path folder = Files.createDirectories(work.resolve("classes").resolve(testClass.getSimpleName()));
                return new RegistryUnderTest(root, folder, process, token, stem);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                process.close();
            } finally {
                try (Stream<Path> files = Files.walk(work)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
