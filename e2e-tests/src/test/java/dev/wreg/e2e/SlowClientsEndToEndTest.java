package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.digest.Digest;
import dev.wreg.testsupport.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and idle clients do not starve the others (issue 15 §3): with 10,000 connections open and
 * silent, 100 clients sending their request head one line every two seconds (slowloris) and 20
 * uploads sending one byte a second, the real server jar still answers ordinary requests, takes a
 * whole upload and serves it back; the idle connections were really accepted (a request sent on
 * them late is answered), and a slow upload given up by its client leaves no blob behind.
 *
 * <p>Latencies are printed, not asserted (a loaded machine says nothing about them); each request
 * must be answered within the client's 15-second timeout.
 */
class SlowClientsEndToEndTest {

    private static final int IDLE_CONNECTIONS = 10_000;
    private static final int SLOW_HEADS = 100;
    private static final int SLOW_UPLOADS = 20;
    private static final int ORDINARY_REQUESTS = 200;
    private static final String TOKEN = "wreg_SlowClientsEndToEndTestToken0123456789";
    /** Set by .ci/run: a machine that cannot open the connections fails the test instead of skipping it. */
    static final String REQUIRED = "wreg.fds.required";

    @TempDir
    Path work;

    @Test
    void slowAndIdleClientsDoNotStarveTheOthers() throws Exception {
        // This JVM holds the client ends and the server the other ends (the JVM raises its soft
        // limit of open files to the hard one, which both inherit).
        long openFiles = openFileLimit();
        if (openFiles < IDLE_CONNECTIONS + 2_000) {
            throw Prerequisites.missing(
                    REQUIRED,
                    "SlowClientsEndToEndTest needs " + (IDLE_CONNECTIONS + 2_000)
                            + " open files per process, this machine allows " + openFiles + " (raise ulimit -Hn)");
        }
        Path root = Path.of(System.getProperty("wreg.root")).toRealPath();
        Path jar = root.resolve("registry-server/target/registry-server.jar");
        assertThat(jar)
                .as("built by the registry-server module before this one")
                .isRegularFile();
        byte[] hello = Files.readAllBytes(root.resolve("examples/hello/hello.wasm"));
        Digest helloDigest = Digest.sha256(hello);

        Path dir = Files.createDirectories(work.resolve("server"));
        List<Socket> idle = new ArrayList<>();
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15))
                .build();
        try (ServerProcess server = ServerProcess.start(
                jar,
                dir,
                dir.resolve("data"),
                ServerProcess.freePort(),
                List.of(),
                Map.of("WREG_BOOTSTRAP_TOKEN", TOKEN))) {
            server.awaitReady(Duration.ofMinutes(10));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());

            long openStart = System.nanoTime();
            for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                Socket socket = new Socket();
                // A connection the server never accepts would block here (and fail after 15 s):
                // the backlog of a server that stopped accepting is small.
                socket.connect(address, 15_000);
                idle.add(socket);
            }
            double openSeconds = (System.nanoTime() - openStart) / 1e9;

            // Slowloris: a request head that never ends, one header line every two seconds.
            for (int i = 0; i < SLOW_HEADS; i++) {
                Socket socket = connected(address);
                slow.add(socket);
                write(socket, "GET /v1/operator HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            }
            // Slow uploads: a 1 MiB blob announced, sent a byte a second after its Wasm header.
            for (int i = 0; i < SLOW_UPLOADS; i++) {
                Socket socket = connected(address);
                slow.add(socket);
                String digest = "sha256:" + String.format(Locale.ROOT, "%064x", i + 1);
                write(
                        socket,
                        "PUT /v1/blobs/" + digest + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                                + "\r\nContent-Type: application/wasm\r\nContent-Length: 1048576\r\n\r\n");
                socket.getOutputStream().write(Arrays.copyOf(hello, 8));
            }
            dribble.scheduleAtFixedRate(
                    () -> {
                        for (int i = 0; i < slow.size(); i++) {
                            try {
                                if (i < SLOW_HEADS) {
                                    write(slow.get(i), "X-Slow-" + System.nanoTime() + ": 1\r\n");
                                } else {
                                    slow.get(i).getOutputStream().write(0);
                                }
                            } catch (IOException closedByTheServer) {
                                // counted at the end
                            }
                        }
                    },
                    1,
                    2,
                    TimeUnit.SECONDS);

            // Everyone else is served meanwhile.
            long[] latencies = new long[ORDINARY_REQUESTS];
            for (int i = 0; i < ORDINARY_REQUESTS; i++) {
                String path = i % 2 == 0 ? "/v1/operator" : "/log/checkpoint";
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(server.baseUri().resolve(path))
                                .timeout(Duration.ofSeconds(15))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                latencies[i] = System.nanoTime() - start;
                assertThat(response.statusCode())
                        .as("GET %s during the flood", path)
                        .isEqualTo(200);
            }
            HttpResponse<String> upload = http.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/v1/blobs/" + helloDigest))
                            .timeout(Duration.ofSeconds(15))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/wasm")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(hello))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isIn(200, 201);
            HttpResponse<byte[]> download = http.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/v1/blobs/" + helloDigest))
                            .timeout(Duration.ofSeconds(15))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(hello);

            // The idle connections were accepted, not left in the backlog: a request sent on the
            // last ones opened is answered.
            int answered = 0;
            for (Socket socket : idle.subList(IDLE_CONNECTIONS - 50, IDLE_CONNECTIONS)) {
                socket.setSoTimeout(15_000);
                write(socket, "GET /v1/operator HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                String status = statusLine(socket.getInputStream());
                assertThat(status).as("a late request on an idle connection").startsWith("HTTP/1.1 200");
                answered++;
            }

            Arrays.sort(latencies);
            System.out.printf(
                    Locale.ROOT,
                    "slow clients: %d idle connections opened in %.1f s, %d slowloris heads, %d slow uploads;"
                            + " %d ordinary GETs meanwhile: p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                            + " upload and download of %d bytes answered; %d late requests on idle connections answered%n",
                    IDLE_CONNECTIONS,
                    openSeconds,
                    SLOW_HEADS,
                    SLOW_UPLOADS,
                    ORDINARY_REQUESTS,
                    latencies[ORDINARY_REQUESTS / 2] / 1e6,
                    latencies[ORDINARY_REQUESTS * 99 / 100] / 1e6,
                    latencies[ORDINARY_REQUESTS - 1] / 1e6,
                    hello.length,
                    answered);

            // Slow uploads given up by their clients leave no blob behind.
            dribble.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
            for (int i = 0; i < SLOW_UPLOADS; i++) {
                String digest = "sha256:" + String.format(Locale.ROOT, "%064x", i + 1);
                HttpResponse<Void> head = http.send(
                        HttpRequest.newBuilder(server.baseUri().resolve("/v1/blobs/" + digest))
                                .timeout(Duration.ofSeconds(15))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(head.statusCode()).as("HEAD of an abandoned upload").isEqualTo(404);
            }
            assertThat(server.isAlive()).isTrue();
        } finally {
            dribble.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    /** The soft limit of open files of this process, or unlimited where /proc does not say. */
    private static long openFileLimit() throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!Files.isReadable(limits)) {
            return Long.MAX_VALUE;
        }
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }

    private static Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 15_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().strip();
    }
}
