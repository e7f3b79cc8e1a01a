package io.kubenode.agent.identity;

import io.kubenode.agent.host.TestCa;
import io.kubenode.common.pki.KeyPairs;

import javax.net.ssl.SSLContext;
import java.security.KeyPair;
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
            return TestCa.serverContext(key.getPrivate(), server, appendedCa);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
