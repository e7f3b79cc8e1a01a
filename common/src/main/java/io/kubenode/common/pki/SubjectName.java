package io.kubenode.common.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import javax.security.auth.x500.X500Principal;
import java.util.Optional;

/**
 * The only subject shape kubenode issues and accepts: exactly one CN (who) and one O (which group), nothing else.
 * Kubernetes reads client certificates the same way (CN user, O group).
 */
public record SubjectName(String commonName, String organization) {
    public static final String NODES = "kubenode:nodes";
    public static final String ADMINS = "kubenode:admins";
    /** Read-only: Prometheus's service discovery, nothing else. */
    public static final String MONITORING = "kubenode:monitoring";

    public SubjectName {
        if (commonName == null || commonName.isEmpty() || organization == null || organization.isEmpty()) {
            throw new IllegalArgumentException("a subject needs a CN and an O, got CN=" + commonName
                    + ", O=" + organization);
        }
    }

    /** O first, as kubeadm writes its client certificates ("O = kubeadm:cluster-admins, CN = kubernetes-admin"). */
    public X500Name toX500Name() {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, organization)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** The subject when it has exactly this shape (in any order, each RDN single-valued); empty otherwise. */
    public static Optional<SubjectName> of(X500Name name) {
        String commonName = null;
        String organization = null;
        for (RDN rdn : name.getRDNs()) {
            if (rdn.isMultiValued()) {
                return Optional.empty();
            }
            AttributeTypeAndValue attribute = rdn.getFirst();
            ASN1ObjectIdentifier type = attribute.getType();
            String value = IETFUtils.valueToString(attribute.getValue());
            if (type.equals(BCStyle.CN) && commonName == null) {
                commonName = value;
            } else if (type.equals(BCStyle.O) && organization == null) {
                organization = value;
            } else {
                return Optional.empty();
            }
        }
        if (commonName == null || commonName.isEmpty() || organization == null || organization.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SubjectName(commonName, organization));
    }

    public static Optional<SubjectName> of(X500Principal principal) {
        return of(X500Name.getInstance(principal.getEncoded()));
    }

    @Override
    public String toString() {
        return "CN=" + commonName + ", O=" + organization;
    }
}
