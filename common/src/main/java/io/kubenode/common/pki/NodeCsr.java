package io.kubenode.common.pki;

import io.kubenode.common.validation.Patterns;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.security.KeyPair;

/** The CSR an agent sends to enroll: CN=&lt;node name&gt;, O=kubenode:nodes, no extensions. */
public final class NodeCsr {
    private NodeCsr() {
    }

    public static PKCS10CertificationRequest create(String nodeName, KeyPair keyPair) {
        if (!Patterns.isDns1123Subdomain(nodeName)) {
            throw new IllegalArgumentException("node name '" + nodeName + "' is not a DNS-1123 name");
        }
        SubjectName subject = new SubjectName(nodeName, SubjectName.NODES);
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject.toX500Name(), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder(CertificateSigner.SIGNATURE_ALGORITHM)
                            .build(keyPair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot sign a CSR for " + nodeName + ": " + e.getMessage(), e);
        }
    }
}
