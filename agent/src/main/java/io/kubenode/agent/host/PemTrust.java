package io.kubenode.agent.host;

import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.PkiException;

import javax.net.ssl.SSLContext;

/** A TLS context that trusts exactly the CA certificates of one PEM file, and nothing from the JDK trust store. */
public final class PemTrust {
    private PemTrust() {
    }

    public static SSLContext trusting(byte[] pem, String source) throws HostException {
        try {
            return CaTrust.context(CaTrust.trusting(CaTrust.parseBundle(pem, source)));
        } catch (PkiException e) {
            throw new HostException(e.getMessage(), e);
        }
    }
}
