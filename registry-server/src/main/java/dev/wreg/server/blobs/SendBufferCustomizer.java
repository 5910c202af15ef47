package dev.wreg.server.blobs;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * {@code wreg.blobs.send-buffer-size}: the socket send buffer (SO_SNDBUF) the connector asks
 * for. Tomcat makes the first sendfile call of a download on the request's worker thread and
 * every later one on its single poller thread, so the more of a blob fits in the socket buffer
 * at once, the more of the copying is spread over the workers. Unset keeps the kernel's
 * autotuning; the kernel caps the value at {@code net.core.wmem_max}.
 */
@Component
class SendBufferCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final DataSize size;

    SendBufferCustomizer(@Value("${wreg.blobs.send-buffer-size:#{null}}") DataSize size) {
        this.size = size;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (size == null) {
            return;
        }
        long bytes = size.toBytes();
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "wreg.blobs.send-buffer-size must be between 1 byte and 2 GB, not " + size);
        }
        factory.addConnectorCustomizers(connector -> connector.setProperty("socket.txBufSize", Long.toString(bytes)));
    }
}
