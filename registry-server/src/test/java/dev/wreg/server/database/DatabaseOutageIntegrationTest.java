package dev.wreg.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.server.support.RegistryIntegrationTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 20, defect 6: the database goes away (its postmaster killed). Requests that need it answer
 * 503 with Retry-After within two seconds instead of a 500 after the pool's 30 s, readiness says
 * DOWN, the embedded PostgreSQL is restarted by its supervisor, and the server serves again without
 * a restart.
 */
class DatabaseOutageIntegrationTest extends RegistryIntegrationTest {

    /** Generous: the answer must come from the pool's 1.5 s timeout, not from a 30 s one. */
    private static final Duration FAST = Duration.ofSeconds(8);

    @Autowired
    DataSource dataSource;

    private EmbeddedPostgresServer postgres() {
        return DatabaseConfiguration.embeddedServerOf(dataSource).orElseThrow();
    }

    private HttpResponse<byte[]> getWithin(String path, Duration limit) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(limit).GET());
    }

    @Test
    void aDeadDatabaseAnswers503FastAndTheServerRecoversWithoutARestart() throws Exception {
        assertThat(getWithin("/v1/packages/nobody:here", FAST).statusCode()).isEqualTo(404);
        long restartsBefore = postgres().restarts();
        int port = postgres().port();

        // Kill the postmaster, then hold its port so that the supervisor's restarts fail until
        // the test lets go: a database that stays down for as long as the test needs.
        try (ServerSocket squatter = squat(port)) {
            Thread refuser = Thread.ofVirtual().start(() -> refuseAll(squatter));
            long start = System.nanoTime();
            HttpResponse<byte[]> outage = getWithin("/v1/packages/nobody:here", FAST);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertProblem(outage, 503, "database-unavailable");
            assertThat(outage.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(millis).as("answered from the pool's short timeout").isLessThan(FAST.toMillis());
            // A web page says the same in HTML: 503 with Retry-After, not a 500 "something went wrong".
            HttpResponse<byte[]> page = getWithin("/packages/nobody/here", FAST);
            assertThat(page.statusCode()).as(text(page)).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(page.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(text(page)).contains("Try again in a moment");

            HttpResponse<byte[]> readiness = getWithin("/actuator/health/readiness", FAST);
            assertThat(readiness.statusCode()).as(text(readiness)).isEqualTo(503);
            assertThat(json(readiness).path("status").asString()).isEqualTo("DOWN");
            assertThat(getWithin("/actuator/health/liveness", FAST).statusCode())
                    .isEqualTo(200);
            refuser.interrupt();
        }

        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = getWithin("/v1/packages/nobody:here", FAST).statusCode();
            if (status == 404) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(status)
                .as("serving again after the supervisor restarted PostgreSQL")
                .isEqualTo(404);
        // The supervisor counts a restart once its own readiness poll sees PostgreSQL up, which
        // can be a moment after the pool has already reconnected and answered.
        long restartDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (postgres().restarts() == restartsBefore && System.nanoTime() < restartDeadline) {
            Thread.sleep(50);
        }
        assertThat(postgres().restarts()).isGreaterThan(restartsBefore);
        assertThat(getWithin("/actuator/health/readiness", FAST).statusCode()).isEqualTo(200);
    }

    /** Kills the postmaster and binds its port before the supervisor can start it again. */
    private ServerSocket squat(int port) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            long pid = awaitPid();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    ServerSocket socket = new ServerSocket();
                    socket.setReuseAddress(true);
                    socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    return socket;
                } catch (IOException stillBound) {
                    Thread.sleep(5);
                }
            }
            // The supervisor won the race for the port: kill the new postmaster and try again.
        }
        throw new AssertionError("could not take PostgreSQL's port " + port + " away from it");
    }

    private long awaitPid() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            var pid = postgres().pid();
            if (pid.isPresent()) {
                return pid.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the embedded PostgreSQL has no postmaster");
    }

    /** Accepts and drops every connection: the port answers, but nothing there speaks PostgreSQL. */
    private static void refuseAll(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoLinger(true, 0);
            } catch (IOException closed) {
                return;
            }
        }
    }
}
