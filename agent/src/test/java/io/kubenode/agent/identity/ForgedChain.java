package io.kubenode.agent.identity;

import io.kubenode.common.pki.KeyPairs;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** A server appending a CA certificate that did not sign its own: what an impostor with the pinned CA's cert sends. */
final class ForgedChain {
    private ForgedChain() {
    }

    static SSLContext serverContext(TestControllerPki issuer, X509Certificate appendedCa) {
        try {
            KeyPair key = KeyPairs.ecP256();
            X509Certificate server = issuer.ca().issueServer(key.getPublic(), "impostor", List.of("127.0.0.1"),
                    Duration.ofDays(1));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry("server", key.getPrivate(), password, new Certificate[] {server, appendedCa});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
