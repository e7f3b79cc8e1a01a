package io.kubenode.common.pki;

import java.security.PublicKey;

/** A CSR that passed {@link NodeCsrPolicy}: only the policy makes these, so the CA signs nothing unchecked. */
public final class ApprovedCsr {
    private final SubjectName subject;
    private final PublicKey publicKey;

    ApprovedCsr(SubjectName subject, PublicKey publicKey) {
        this.subject = subject;
        this.publicKey = publicKey;
    }

    public SubjectName subject() {
        return subject;
    }

    public PublicKey publicKey() {
        return publicKey;
    }
}
