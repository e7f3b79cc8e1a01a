package io.kubenode.common.pki;

import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

import java.security.PublicKey;

/** Proof of possession: a CSR must be signed by the key it asks a certificate for (node and admin CSRs alike). */
public final class CsrSignature {
    private CsrSignature() {
    }

    public static void verify(PKCS10CertificationRequest csr, PublicKey key) throws CsrRefusedException {
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | PKCSException e) {
            valid = false;
        }
        if (!valid) {
            throw new CsrRefusedException("CSR signature does not verify with its own public key");
        }
    }
}
