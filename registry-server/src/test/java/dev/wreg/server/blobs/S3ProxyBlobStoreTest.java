package dev.wreg.server.blobs;

import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against S3Proxy running in this JVM on a loopback port, backed by a temp directory. */
class S3ProxyBlobStoreTest extends S3BlobStoreContractTest {

    private static final String ACCESS_KEY = "wreg-access";
    private static final String SECRET_KEY = "wreg-secret-key-for-tests";

    @TempDir
    static Path s3Root;

    private static S3Proxy s3Proxy;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        s3Proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(s3Root.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3Proxy.start();
        while (!s3Proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (s3Proxy != null) {
            s3Proxy.stop();
        }
    }

    @Override
    protected URI endpoint() {
        return URI.create("http://127.0.0.1:" + s3Proxy.getPort());
    }

    @Override
    protected String accessKey() {
        return ACCESS_KEY;
    }

    @Override
    protected String secretKey() {
        return SECRET_KEY;
    }
}
