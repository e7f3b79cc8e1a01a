package io.kubenode.common.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Builds and signs one certificate: random serial, skew-tolerant validity, key identifiers, the given extensions. */
final class CertificateSigner {
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    static final String RSA_SIGNATURE_ALGORITHM = "SHA256withRSA";
    /** Peers whose clock runs a little behind still accept a certificate issued just now. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    record Ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    }

    private CertificateSigner() {
    }

    /** Extensions every end-entity certificate carries: not a CA, signing only (ECDSA keys never encipher). */
    static List<Ext> leafExtensions(KeyPurposeId... purposes) {
        return List.of(new Ext(Extension.basicConstraints, true, new BasicConstraints(false)),
                new Ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)),
                new Ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes)));
    }

    static X509Certificate sign(X500Name issuer, PublicKey issuerPublicKey, PrivateKey issuerKey, X500Name subject,
                                PublicKey subjectKey, Instant notAfter, List<Ext> extensions) {
        Instant notBefore = Instant.now().minus(CLOCK_SKEW);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuerPublicKey));
            for (Ext extension : extensions) {
                builder.addExtension(extension.oid(), extension.critical(), extension.value());
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm(issuerKey)).build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new PkiException("cannot sign a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 with the issuer key's own scheme: RSA for the Kubernetes CAs kubeadm-style, ECDSA for kubenode's. */
    static String signatureAlgorithm(PrivateKey issuerKey) {
        return "RSA".equals(issuerKey.getAlgorithm()) ? RSA_SIGNATURE_ALGORITHM : SIGNATURE_ALGORITHM;
    }

    /** 128 random bits with the top one set: positive, unguessable, always 16 bytes (RFC 5280 allows 20). */
    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }
}
