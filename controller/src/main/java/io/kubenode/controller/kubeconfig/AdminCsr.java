package io.kubenode.controller.kubeconfig;

import io.kubenode.common.pki.CsrRefusedException;
import io.kubenode.common.pki.CsrSignature;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;
import io.kubenode.common.pki.SubjectName;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The certificate request behind a kubeconfig: proof that the caller holds the private key (its signature verifies)
 * for an ECDSA P-256 or RSA (2048 bits or more) public key. The controller decides the subject
 * ({@code CN=<admin>, O=kubeadm:cluster-admins}) and every extension, so the request's own subject is not used and
 * a request asking for extensions or attributes is refused rather than silently trimmed.
 */
public final class AdminCsr {
    static final int MIN_RSA_BITS = 2048;

    private AdminCsr() {
    }

    /**
     * The request kubenodectl sends for a key it made and keeps: subject {@code CN=kubenodectl,
     * O=kubeadm:cluster-admins} (informative only), no attributes, signed with the key.
     */
    public static PKCS10CertificationRequest create(KeyPair keyPair) {
        SubjectName subject = new SubjectName("kubenodectl", AdminKubeconfigs.CLUSTER_ADMINS);
        String algorithm = "RSA".equals(keyPair.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject.toX500Name(), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(keyPair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot sign a certificate request: " + e.getMessage(), e);
        }
    }

    /** The request's public key; PkiException when it is no PEM CSR, CsrRefusedException when it asks for more. */
    public static PublicKey publicKey(String pem) throws CsrRefusedException {
        PKCS10CertificationRequest csr = Pem.readCsr(pem);
        PublicKey key = key(csr);
        CsrSignature.verify(csr, key);
        if (csr.getAttributes().length > 0) {
            throw new CsrRefusedException("CSR carries attributes or extension requests ("
                    + csr.getAttributes()[0].getAttrType() + "); the controller decides every extension of an admin "
                    + "certificate, send a CSR without any");
        }
        return key;
    }

    private static PublicKey key(PKCS10CertificationRequest csr) throws CsrRefusedException {
        AlgorithmIdentifier algorithm = csr.getSubjectPublicKeyInfo().getAlgorithm();
        boolean ecP256 = X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                && SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters());
        boolean rsa = PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm());
        if (!ecP256 && !rsa) {
            throw new CsrRefusedException("CSR key is " + algorithm.getAlgorithm().getId()
                    + (algorithm.getParameters() == null ? "" : " " + algorithm.getParameters())
                    + "; expected ECDSA P-256 or RSA of " + MIN_RSA_BITS + " bits or more");
        }
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
        } catch (PEMException e) {
            throw new CsrRefusedException("CSR public key is unreadable: " + e.getMessage());
        }
        if (key instanceof RSAPublicKey rsaKey && rsaKey.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new CsrRefusedException("CSR key is RSA " + rsaKey.getModulus().bitLength() + " bits; expected "
                    + MIN_RSA_BITS + " or more");
        }
        return key;
    }
}
