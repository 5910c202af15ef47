package dev.wreg.server.log;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Calls witnesses' c2sp.org/tlog-witness {@code add-checkpoint} over HTTP. */
@Component
public class WitnessClient {

    /** A witness's answer: its status and body. */
    public record Answer(int status, byte[] body, String contentType) {}

    /** The witness could not be reached or did not answer in time. */
    public static final class UnreachableException extends Exception {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Answers are cut here; 64 KiB holds hundreds of cosignature lines. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final Duration timeout;

    /*
     * Built on the first call, not with the bean: an HTTP client loads the JDK's default TLS
     * context (every trusted root certificate parsed), about half a second of the server's
     * start-up on the main thread, and a registry without witnesses never calls one.
     */
    private volatile HttpClient http;

    public WitnessClient(WitnessingProperties properties) {
        this.timeout = properties.requestTimeout();
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                    http = client;
                }
            }
        }
        return client;
    }

    /** POSTs {@code body} to {@code <prefix>/add-checkpoint}. */
    public Answer addCheckpoint(String submissionPrefix, byte[] body) throws UnreachableException {
        String prefix = submissionPrefix.endsWith("/")
                ? submissionPrefix.substring(0, submissionPrefix.length() - 1)
                : submissionPrefix;
        HttpRequest request = HttpRequest.newBuilder(URI.create(prefix + "/add-checkpoint"))
                .timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<InputStream> response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream in = response.body()) {
                // A few cosignature lines; a witness that sends more is not trusted with our memory.
                answer = in.readNBytes(MAX_ANSWER_BYTES);
            }
            return new Answer(
                    response.statusCode(),
                    answer,
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreachableException(
                    "witness " + prefix + " is unreachable: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while calling witness " + prefix, e);
        }
    }
}
