package io.kubenode.agent.enroll;

import io.kubenode.agent.identity.PinnedTrustManager;
import io.kubenode.common.pki.CaTrust;

import javax.net.ssl.X509ExtendedTrustManager;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * How enroll trusts the controller before it has anything else: the CA certificates of a file (--ca-file), or a
 * pin of the CA's public key checked in the handshake (--ca-hash). Never trust on first use.
 */
public sealed interface EnrollTrust {

    /** A fresh trust manager for one connection attempt. */
    X509ExtendedTrustManager trustManager();

    /** The CA certificates the issued certificate may chain to, known once the handshake succeeded. */
    List<X509Certificate> anchors(X509ExtendedTrustManager used);

    /** Why the handshake failed, when the trust itself says so (a pin mismatch). */
    Optional<String> handshakeRefusal(X509ExtendedTrustManager used);

    record CaFile(String source, List<X509Certificate> cas) implements EnrollTrust {
        public CaFile {
            cas = List.copyOf(cas);
        }

        @Override
        public X509ExtendedTrustManager trustManager() {
            return CaTrust.trusting(cas);
        }

        @Override
        public List<X509Certificate> anchors(X509ExtendedTrustManager used) {
            return cas;
        }

        @Override
        public Optional<String> handshakeRefusal(X509ExtendedTrustManager used) {
            return Optional.empty();
        }
    }

    record Pin(String pin) implements EnrollTrust {
        @Override
        public X509ExtendedTrustManager trustManager() {
            return new PinnedTrustManager(pin);
        }

        @Override
        public List<X509Certificate> anchors(X509ExtendedTrustManager used) {
            return ((PinnedTrustManager) used).anchor().map(List::of).orElse(List.of());
        }

        @Override
        public Optional<String> handshakeRefusal(X509ExtendedTrustManager used) {
            return ((PinnedTrustManager) used).mismatch();
        }
    }
}
