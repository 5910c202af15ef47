package dev.wreg.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust store read at the first handshake trusts exactly what the JDK's default trust does:
 * an unknown certificate is refused, one in the trust store {@code javax.net.ssl.trustStore} names
 * is accepted, and a trusted certificate for another host name is refused.
 */
class DeferredTrustTest {

    @TempDir
    Path dir;

    @Test
    void refusesACertificateTheDefaultTrustDoesNotHold() throws Exception {
        Path server = keyPair("server", "dns:localhost,ip:127.0.0.1");
        try (Served https = serve(server)) {
            assertThatThrownBy(() -> get(https.uri())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void acceptsACertificateTheConfiguredTrustStoreHolds() throws Exception {
        Path server = keyPair("server", "dns:localhost,ip:127.0.0.1");
        Path trustStore = trustStoreOf(server);
        try (Served https = serve(server);
                TrustStoreProperty ignored = new TrustStoreProperty(trustStore)) {
            assertThat(get(https.uri())).isEqualTo("hello");
        }
    }

    @Test
    void refusesATrustedCertificateForAnotherHost() throws Exception {
        Path server = keyPair("server", "dns:other.example");
        Path trustStore = trustStoreOf(server);
        try (Served https = serve(server);
                TrustStoreProperty ignored = new TrustStoreProperty(trustStore)) {
            assertThatThrownBy(() -> get(https.uri())).isInstanceOf(IOException.class);
        }
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().sslContext(DeferredTrust.context()).build();
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** A PKCS12 key store with an EC key pair and a self-signed certificate for {@code san}. */
    private Path keyPair(String name, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + name,
                "-ext",
                "SAN=" + san,
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        return store;
    }

    private Path trustStoreOf(Path keyStore) throws Exception {
        Path cert = dir.resolve("server.crt");
        keytool(
                "-exportcert",
                "-alias",
                "server",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "changeit",
                "-file",
                cert.toString());
        Path trust = dir.resolve("trust.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "server",
                "-file",
                cert.toString(),
                "-keystore",
                trust.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        return trust;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }

    private record Served(HttpsServer server, URI uri) implements AutoCloseable {
        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Served serve(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new Served(
                server, URI.create("https://localhost:" + server.getAddress().getPort() + "/"));
    }

    /** Points the JDK's default trust at a store for the test's duration, then restores it. */
    private static final class TrustStoreProperty implements AutoCloseable {
        private final String store = System.getProperty("javax.net.ssl.trustStore");
        private final String password = System.getProperty("javax.net.ssl.trustStorePassword");
        private final String type = System.getProperty("javax.net.ssl.trustStoreType");

        TrustStoreProperty(Path trustStore) {
            System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        }

        @Override
        public void close() {
            restore("javax.net.ssl.trustStore", store);
            restore("javax.net.ssl.trustStorePassword", password);
            restore("javax.net.ssl.trustStoreType", type);
        }

        private static void restore(String key, String value) {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        }
    }
}
