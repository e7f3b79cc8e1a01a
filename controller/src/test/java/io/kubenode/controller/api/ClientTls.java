package io.kubenode.controller.api;

import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.pki.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * TLS for tests that talk to the controller with java.net.http: the client certificate and key of one identity, and
 * trust pinned to the cluster CA only (never the JDK's CAs, never trust-all), so the server is verified as agents and
 * kubenodectl verify it.
 */
public final class ClientTls {
    /** Guards nothing: the key store lives in memory for one context and is never written. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private ClientTls() {
    }

    /** The identity admin.conf names (what `kubenode-controller init` wrote). */
    public static SSLContext fromAdminConfig(Path adminConfig) throws IOException, GeneralSecurityException {
        ReadResult<KubenodeConfig> read = KubenodeConfig.read(Files.readAllBytes(adminConfig));
        if (!(read instanceof ReadResult.Read<KubenodeConfig> ok)) {
            throw new IllegalStateException("unreadable " + adminConfig + ": " + read);
        }
        KubenodeConfig config = ok.value();
        return of(Path.of(config.certificateAuthority()), Path.of(config.clientCertificate()),
                Path.of(config.clientKey()));
    }

    public static SSLContext of(Path caCertificate, Path clientCertificate, Path clientKey)
            throws IOException, GeneralSecurityException {
        X509Certificate ca = Pem.readCertificate(Files.readString(caCertificate));
        X509Certificate certificate = Pem.readCertificate(Files.readString(clientCertificate));
        PrivateKey key = Pem.readPrivateKey(Files.readString(clientKey));

        KeyStore identity = emptyKeyStore();
        identity.setKeyEntry("client", key, IN_MEMORY, new Certificate[]{certificate, ca});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, IN_MEMORY);

        KeyStore anchors = emptyKeyStore();
        anchors.setCertificateEntry("cluster-ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** HTTP/1.1 (the controller speaks nothing else) with a short connect timeout: a dead server fails fast. */
    public static HttpClient httpClient(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static KeyStore emptyKeyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
