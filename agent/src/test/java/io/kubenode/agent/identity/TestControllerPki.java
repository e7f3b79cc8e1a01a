package io.kubenode.agent.identity;

import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.Fingerprint;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.SubjectName;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A controller's PKI made fresh for a test, with the production CA code: the agent CA, a server certificate
 * presented with the CA as the controller does (chain server + CA), and node identities issued by the CA.
 */
public final class TestControllerPki {
    private final CertificateAuthority ca;

    public TestControllerPki(String name) {
        this.ca = CertificateAuthority.create(name);
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public String pin() {
        return Fingerprint.caCertHash(ca.certificate());
    }

    /** The controller's TLS: a certificate for 127.0.0.1 and localhost, client certificates checked against the CA. */
    public SSLContext serverContext() {
        return serverContext(List.of("127.0.0.1", "localhost"));
    }

    public SSLContext serverContext(List<String> names) {
        try {
            KeyPair key = KeyPairs.ecP256();
            X509Certificate server = ca.issueServer(key.getPublic(), "kubenode-controller", names, Duration.ofDays(1));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry("server", key.getPrivate(), password, new Certificate[] {server, ca.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {CaTrust.trusting(List.of(ca.certificate()))},
                    null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test controller's TLS context", e);
        }
    }

    /** A node identity as enroll would have installed it. */
    public NodeIdentity node(String name, Duration validity) {
        KeyPair key = KeyPairs.ecP256();
        X509Certificate certificate = ca.issueClient(key.getPublic(), new SubjectName(name, SubjectName.NODES),
                validity);
        return new NodeIdentity(key.getPrivate(), certificate, ca.certificate());
    }
}
