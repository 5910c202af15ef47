package dev.wreg.server.blobs;

import dev.wreg.protocol.digest.Digest;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Zero-copy blob downloads: hands a byte range of a blob's file to Tomcat, which sends it with
 * {@code sendfile(2)} ({@code FileChannel.transferTo}) once the handler returns, so the bytes go
 * from the page cache to the socket without passing through the JVM's heap.
 *
 * <p>The contract is Tomcat's request attributes ({@code org.apache.coyote.Constants}, as its
 * DefaultServlet uses them): the connector sets {@value #SUPPORT} to TRUE when it can send files
 * on this request ({@code useSendfile}, on by default for the NIO connector); the handler sets the file's
 * absolute name, the start and the exclusive end as {@code Long}, sets the headers
 * (Content-Length included) and writes no body. The response's headers are the handler's alone:
 * a download answered this way is byte for byte the same as a streamed one.
 */
public final class TomcatSendfile {

    static final String SUPPORT = "org.apache.tomcat.sendfile.support";
    static final String FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String START = "org.apache.tomcat.sendfile.start";
    static final String END = "org.apache.tomcat.sendfile.end";

    private TomcatSendfile() {}

    /**
     * Asks Tomcat to send {@code length} bytes of the blob from {@code offset}; returns true when
     * it will, and the caller must then write no body. False when the connector cannot (another
     * server, sendfile off) or the store keeps no local file (S3): the caller streams. Only
     * the published, content-addressed file is handed over (never an upload in progress), and it
     * never changes once it is there, so the range the caller checked stays valid.
     */
    public static boolean offer(HttpServletRequest request, BlobStore blobs, Digest digest, long offset, long length) {
        if (length <= 0 || !Boolean.TRUE.equals(request.getAttribute(SUPPORT))) {
            return false;
        }
        Optional<Path> file = blobs.localFile(digest);
        if (file.isEmpty()) {
            return false;
        }
        request.setAttribute(FILENAME, file.get().toAbsolutePath().toString());
        request.setAttribute(START, Long.valueOf(offset));
        request.setAttribute(END, Long.valueOf(offset + length));
        return true;
    }
}
