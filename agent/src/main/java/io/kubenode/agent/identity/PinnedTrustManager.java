package io.kubenode.agent.identity;

import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.Fingerprint;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Enrollment with {@code --ca-hash}: the server is accepted only when the chain it presents holds a certificate
 * whose public key hash is the pin, and the chain verifies (PKIX, hostname included) with that certificate as the
 * only trust anchor. Nothing is trusted on first use: without a match the handshake fails and no request is sent.
 * One instance per connection attempt; it remembers the anchor (saved as pki/ca.crt) or why the pin failed.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final String pin;
    private volatile X509Certificate anchor;
    private volatile String mismatch;

    public PinnedTrustManager(String pin) {
        this.pin = pin;
    }

    /** The presented certificate that matched the pin, once a handshake verified. */
    public Optional<X509Certificate> anchor() {
        return Optional.ofNullable(anchor);
    }

    /** Why the last handshake failed the pin ("expected ..., presented ..."), when that is why it failed. */
    public Optional<String> mismatch() {
        return Optional.ofNullable(mismatch);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        X509Certificate pinned = pinned(chain);
        CaTrust.trusting(List.of(pinned)).checkServerTrusted(chain, authType, engine);
        anchor = pinned;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        X509Certificate pinned = pinned(chain);
        CaTrust.trusting(List.of(pinned)).checkServerTrusted(chain, authType, socket);
        anchor = pinned;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate pinned = pinned(chain);
        CaTrust.trusting(List.of(pinned)).checkServerTrusted(chain, authType);
        anchor = pinned;
    }

    private X509Certificate pinned(X509Certificate[] chain) throws CertificateException {
        List<String> presented = new ArrayList<>();
        for (X509Certificate certificate : chain == null ? new X509Certificate[0] : chain) {
            String hash = Fingerprint.caCertHash(certificate);
            if (hash.equals(pin)) {
                return certificate;
            }
            presented.add(certificate.getSubjectX500Principal().getName() + " (" + hash + ")");
        }
        mismatch = "expected the CA pin " + pin + ", the server presented "
                + (presented.isEmpty() ? "no certificate" : String.join(", ", presented));
        throw new CertificateException(mismatch);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client-side trust manager checks no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client-side trust manager checks no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client-side trust manager checks no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
