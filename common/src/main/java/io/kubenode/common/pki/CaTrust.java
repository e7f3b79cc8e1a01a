package io.kubenode.common.pki;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Client TLS contexts that trust exactly the given CA certificates (never the JDK store, never trust-all), with or
 * without a client key: the agent's to the controller, kubenodectl's, and the agent's probes of a pinned CA.
 * Hostname checks stay on: the JDK client asks for them.
 */
public final class CaTrust {
    private static final char[] IN_MEMORY = "kubenode".toCharArray();

    private CaTrust() {
    }

    /** Every certificate of a PEM bundle (a CA file may hold the old and the new CA while one replaces the other). */
    public static List<X509Certificate> parseBundle(byte[] pem, String source) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            List<X509Certificate> result = new ArrayList<>();
            certificates.forEach(certificate -> result.add((X509Certificate) certificate));
            if (result.isEmpty()) {
                throw new PkiException(source + " holds no PEM certificate");
            }
            return List.copyOf(result);
        } catch (CertificateException e) {
            throw new PkiException(source + " is not a PEM certificate bundle: " + e.getMessage(), e);
        }
    }

    /** A PKIX trust manager whose only anchors are {@code cas}. */
    public static X509ExtendedTrustManager trusting(List<X509Certificate> cas) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new PkiException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build a trust store of " + cas.size() + " CA certificates: "
                    + e.getMessage(), e);
        }
    }

    /** Client TLS without a client certificate (enrollment): only this trust. */
    public static SSLContext context(X509ExtendedTrustManager trust) {
        return context(new KeyManager[0], trust);
    }

    /** Mutual TLS: {@code key} with its certificate {@code chain}, trust in {@code cas} only. */
    public static SSLContext mutual(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> cas) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, IN_MEMORY);
            return context(keys.getKeyManagers(), trusting(cas));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot use the key and certificate for TLS: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager[] keys, X509ExtendedTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }
}
