package io.kubenode.common.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubenode CA (ECDSA P-256, SHA256withECDSA): issues the controller's server certificate, admin client
 * certificates and node certificates from approved CSRs. No certificate outlives the CA. The Kubernetes CAs the
 * controller keeps for a cluster are of this class too, RSA-keyed ({@link #createKubeadmStyle}).
 */
public final class CertificateAuthority {
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final int KEY_CERT_SIGN = 5;

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final X500Name name;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
        this.name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /**
     * When a certificate this CA signed was issued: its notBefore lies {@link CertificateSigner#CLOCK_SKEW} earlier
     * for peers whose clock runs behind, so its useful lifetime (what renewal schedules count in) starts here
     * (at notAfter for a certificate shorter than that allowance, which no signer of ours makes).
     */
    public static Instant issuedAt(X509Certificate certificate) {
        Instant issued = certificate.getNotBefore().toInstant().plus(CertificateSigner.CLOCK_SKEW);
        Instant notAfter = certificate.getNotAfter().toInstant();
        return issued.isAfter(notAfter) ? notAfter : issued;
    }

    /** A new self-signed CA valid for ten years: CA:true and keyCertSign|cRLSign, both critical. */
    public static CertificateAuthority create(String commonName) {
        KeyPair keyPair = KeyPairs.ecP256();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        X509Certificate certificate = CertificateSigner.sign(subject, keyPair.getPublic(), keyPair.getPrivate(),
                subject, keyPair.getPublic(), Instant.now().plus(CA_VALIDITY), List.of(
                        new CertificateSigner.Ext(Extension.basicConstraints, true, new BasicConstraints(true)),
                        new CertificateSigner.Ext(Extension.keyUsage, true,
                                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))));
        return new CertificateAuthority(certificate, keyPair.getPrivate());
    }

    /**
     * A new self-signed CA shaped as kubeadm makes the Kubernetes cluster, front-proxy and etcd CAs: the given key
     * (kubeadm: RSA 2048), CA:true (critical), keyUsage digitalSignature|keyEncipherment|keyCertSign (critical), the
     * common name also as its one DNS subject alternative name, ten years.
     */
    public static CertificateAuthority createKubeadmStyle(String commonName, KeyPair keyPair) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        X509Certificate certificate = CertificateSigner.sign(subject, keyPair.getPublic(), keyPair.getPrivate(),
                subject, keyPair.getPublic(), Instant.now().plus(CA_VALIDITY), List.of(
                        new CertificateSigner.Ext(Extension.basicConstraints, true, new BasicConstraints(true)),
                        new CertificateSigner.Ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                                | KeyUsage.keyEncipherment | KeyUsage.keyCertSign)),
                        new CertificateSigner.Ext(Extension.subjectAlternativeName, false,
                                new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)))));
        return new CertificateAuthority(certificate, keyPair.getPrivate());
    }

    /** An existing CA; refused unless the certificate is a signing CA and the key is its own. */
    public static CertificateAuthority load(X509Certificate certificate, PrivateKey key) {
        boolean[] keyUsage = certificate.getKeyUsage();
        if (certificate.getBasicConstraints() < 0 || (keyUsage != null && !keyUsage[KEY_CERT_SIGN])) {
            throw new PkiException("certificate " + certificate.getSubjectX500Principal()
                    + " is not a CA certificate (needs CA:true and keyCertSign)");
        }
        if (!KeyPairs.matches(key, certificate.getPublicKey())) {
            throw new PkiException("the private key does not belong to CA certificate "
                    + certificate.getSubjectX500Principal());
        }
        return new CertificateAuthority(certificate, key);
    }

    public static CertificateAuthority load(String certificatePem, String keyPem) {
        return load(Pem.readCertificate(certificatePem), Pem.readPrivateKey(keyPem));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA key, for writing it to its file; never for printing or logging. */
    public PrivateKey privateKey() {
        return key;
    }

    /** A TLS server certificate (serverAuth) for these names, each an IP literal or a DNS-1123 name. */
    public X509Certificate issueServer(PublicKey subjectKey, String commonName, List<String> names, Duration validity) {
        return serving(subjectKey, commonName, names, validity, KeyPurposeId.id_kp_serverAuth);
    }

    /**
     * A certificate that serves these names and also authenticates as a client (serverAuth + clientAuth): what a
     * cluster member presents both ways, as etcd's peer and server certificates do.
     */
    public X509Certificate issuePeer(PublicKey subjectKey, String commonName, List<String> names, Duration validity) {
        return serving(subjectKey, commonName, names, validity, KeyPurposeId.id_kp_serverAuth,
                KeyPurposeId.id_kp_clientAuth);
    }

    private X509Certificate serving(PublicKey subjectKey, String commonName, List<String> names, Duration validity,
                                    KeyPurposeId... purposes) {
        List<CertificateSigner.Ext> extensions = new ArrayList<>(CertificateSigner.leafExtensions(purposes));
        extensions.add(new CertificateSigner.Ext(Extension.subjectAlternativeName, false,
                SubjectAltNames.toGeneralNames(names)));
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        return sign(subject, subjectKey, validity, extensions);
    }

    /** A TLS client certificate (clientAuth) for this subject: CN the user or node, O its group. */
    public X509Certificate issueClient(PublicKey subjectKey, SubjectName subject, Duration validity) {
        return sign(subject.toX500Name(), subjectKey, validity, CertificateSigner.leafExtensions(KeyPurposeId.id_kp_clientAuth));
    }

    /** A node's client certificate for a CSR the enrollment policy approved. */
    public X509Certificate sign(ApprovedCsr request, Duration validity) {
        return issueClient(request.publicKey(), request.subject(), validity);
    }

    private X509Certificate sign(X500Name subject, PublicKey subjectKey, Duration validity,
                                 List<CertificateSigner.Ext> extensions) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        // A certificate outliving its CA could never be verified past the CA's end; stop where the CA stops.
        Instant wanted = Instant.now().plus(validity);
        Instant caEnd = certificate.getNotAfter().toInstant();
        return CertificateSigner.sign(name, certificate.getPublicKey(), key, subject, subjectKey,
                wanted.isAfter(caEnd) ? caEnd : wanted, extensions);
    }
}
