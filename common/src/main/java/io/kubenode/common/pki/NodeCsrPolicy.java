package io.kubenode.common.pki;

import io.kubenode.common.validation.Patterns;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What enrollment signs: a CSR whose signature verifies, with an ECDSA P-256 key, subject exactly
 * CN=&lt;expected node name&gt;, O=kubenode:nodes, and no requested extensions or other attributes. The controller
 * decides every extension of a node certificate; a CSR asking for one is refused, never silently trimmed.
 */
public final class NodeCsrPolicy {
    private static final Map<ASN1ObjectIdentifier, String> EXTENSION_NAMES = Map.of(
            Extension.subjectAlternativeName, "subjectAltName",
            Extension.basicConstraints, "basicConstraints",
            Extension.keyUsage, "keyUsage",
            Extension.extendedKeyUsage, "extendedKeyUsage",
            Extension.subjectKeyIdentifier, "subjectKeyIdentifier",
            Extension.nameConstraints, "nameConstraints");
    private static final Map<ASN1ObjectIdentifier, String> ATTRIBUTE_NAMES = Map.of(
            PKCSObjectIdentifiers.pkcs_9_at_challengePassword, "challengePassword",
            PKCSObjectIdentifiers.pkcs_9_at_unstructuredName, "unstructuredName");

    private NodeCsrPolicy() {
    }

    public static ApprovedCsr approve(PKCS10CertificationRequest csr, String nodeName) throws CsrRefusedException {
        if (!Patterns.isDns1123Subdomain(nodeName)) {
            throw new CsrRefusedException("node name '" + nodeName + "' is not a DNS-1123 name");
        }
        PublicKey publicKey = ecP256Key(csr);
        CsrSignature.verify(csr, publicKey);
        SubjectName subject = checkSubject(csr, nodeName);
        for (Attribute attribute : csr.getAttributes()) {
            checkAttribute(attribute);
        }
        return new ApprovedCsr(subject, publicKey);
    }

    private static PublicKey ecP256Key(PKCS10CertificationRequest csr) throws CsrRefusedException {
        AlgorithmIdentifier algorithm = csr.getSubjectPublicKeyInfo().getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters())) {
            throw new CsrRefusedException("CSR key is " + describe(algorithm) + "; node keys must be ECDSA P-256");
        }
        try {
            return new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
        } catch (PEMException e) {
            throw new CsrRefusedException("CSR public key is unreadable: " + e.getMessage());
        }
    }

    private static String describe(AlgorithmIdentifier algorithm) {
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm())) {
            return "RSA";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
            return "ECDSA on curve " + algorithm.getParameters();
        }
        return algorithm.getAlgorithm().getId();
    }

    private static SubjectName checkSubject(PKCS10CertificationRequest csr, String nodeName)
            throws CsrRefusedException {
        String wanted = "CN=" + nodeName + ", O=" + SubjectName.NODES;
        Optional<SubjectName> parsed = SubjectName.of(csr.getSubject());
        if (parsed.isEmpty()) {
            throw new CsrRefusedException("CSR subject is '" + csr.getSubject() + "'; it must be exactly " + wanted);
        }
        SubjectName subject = parsed.get();
        if (!subject.organization().equals(SubjectName.NODES)) {
            throw new CsrRefusedException("CSR asks for O=" + subject.organization()
                    + "; node certificates carry O=" + SubjectName.NODES + " only");
        }
        if (!subject.commonName().equals(nodeName)) {
            throw new CsrRefusedException("CSR is for CN=" + subject.commonName() + ", not for node " + nodeName);
        }
        return subject;
    }

    private static void checkAttribute(Attribute attribute) throws CsrRefusedException {
        ASN1ObjectIdentifier type = attribute.getAttrType();
        if (!PKCSObjectIdentifiers.pkcs_9_at_extensionRequest.equals(type)) {
            throw new CsrRefusedException("CSR carries attribute " + ATTRIBUTE_NAMES.getOrDefault(type, type.getId())
                    + "; node CSRs carry none");
        }
        for (ASN1Encodable value : attribute.getAttributeValues()) {
            Extensions requested;
            try {
                requested = Extensions.getInstance(value);
            } catch (IllegalArgumentException e) {
                throw new CsrRefusedException("CSR has a malformed extensionRequest");
            }
            if (requested.getExtensionOIDs().length > 0) {
                throw new CsrRefusedException("CSR asks for " + Arrays.stream(requested.getExtensionOIDs())
                        .map(oid -> EXTENSION_NAMES.getOrDefault(oid, oid.getId()))
                        .collect(Collectors.joining(", ")) + "; node certificates carry none");
            }
        }
    }
}
