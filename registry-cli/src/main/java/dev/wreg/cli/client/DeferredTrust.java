package dev.wreg.cli.client;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust (its trust store, or the one {@code javax.net.ssl.trustStore} names,
 * checked by its PKIX trust manager with host-name checks), loaded at the first TLS handshake
 * instead of when the HTTP client is built. {@code HttpClient} otherwise builds the default
 * {@link SSLContext}, which parses the whole CA store (a few hundred certificates) up front: a
 * fifth of the CPU a cold {@code wreg lock} against an {@code http://} registry spent, for no
 * use. Every check is the default trust manager's own; nothing is accepted that it refuses.
 */
public final class DeferredTrust extends X509ExtendedTrustManager {

    private volatile X509ExtendedTrustManager trust;

    /** A TLS context trusting what the JDK trusts by default, read when first needed. */
    public static SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new DeferredTrust()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
    }

    private X509ExtendedTrustManager trust() throws CertificateException {
        X509ExtendedTrustManager loaded = trust;
        if (loaded == null) {
            synchronized (this) {
                if (trust == null) {
                    trust = loadDefault();
                }
                loaded = trust;
            }
        }
        return loaded;
    }

    private static X509ExtendedTrustManager loadDefault() throws CertificateException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new CertificateException("the JDK's default trust has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot load the JDK's default trust store: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        trust().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        trust().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        trust().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        trust().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust().checkClientTrusted(chain, authType);
    }

    /**
     * The issuers the default trust accepts; none before the first handshake loaded it (only a
     * server asking for a client certificate reads this, and the CLI sends none).
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509ExtendedTrustManager loaded = trust;
        return loaded == null ? new X509Certificate[0] : loaded.getAcceptedIssuers();
    }
}
