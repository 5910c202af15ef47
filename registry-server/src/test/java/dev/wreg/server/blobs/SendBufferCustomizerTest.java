package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.util.unit.DataSize;

class SendBufferCustomizerTest {

    @Test
    void aConfiguredSizeBecomesTheConnectorsSocketSendBuffer() {
        // Read back from the endpoint's SocketProperties, which Tomcat reports as text.
        assertThat(txBufSize(DataSize.ofMegabytes(4))).hasToString("4194304");
    }

    @Test
    void unsetLeavesTheKernelsAutotuning() {
        assertThat(txBufSize(null)).isNull();
    }

    @Test
    void aSizeOutsideAnIntIsRefusedAtStart() {
        assertThatThrownBy(() -> txBufSize(DataSize.ofGigabytes(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wreg.blobs.send-buffer-size");
    }

    private static Object txBufSize(DataSize size) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new SendBufferCustomizer(size).customize(factory);
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
        return connector.getProperty("socket.txBufSize");
    }
}
