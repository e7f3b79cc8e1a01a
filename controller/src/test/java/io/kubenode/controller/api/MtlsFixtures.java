package io.kubenode.controller.api;

import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.common.status.Condition;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.api.MtlsClients.Payload;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Material for the mTLS matrix that no API route makes: an expired node certificate, a node status body. */
final class MtlsFixtures {
    static final Duration EXPIRED_AGO = Duration.ofMinutes(1);
    private MtlsFixtures() {
    }

    static Payload statusOf(String node) {
        String now = Instant.now().toString();
        NodeStatus status = new NodeStatus(node, 1, 1, "sha256:x", true, false, now,
                new NodeStatus.LastPass(now, 120, "apply"), Map.of("in_sync", 1),
                List.of(new ResourceStatus("sysctl:net.ipv4.ip_forward", "sysctl", "in_sync", List.of(), null)),
                List.of(new Condition(Condition.CONVERGED, Condition.TRUE, "InSync", "every resource is in sync", now)),
                new Facts(node, null, null, List.of(), 2, 1L << 31, 0, "6.1", "centos", "9", "rhel", "Enforcing", 2,
                        null, null, null, null, null));
        return Payload.json(Documents.canonicalJson(status), Map.of());
    }

    /**
     * A node certificate the cluster CA signed, valid from the CA's own notBefore until a minute ago, so nothing
     * but its age is wrong. CertificateAuthority cannot make one (validity must be positive, notBefore is always
     * now minus the clock skew), so Bouncy Castle signs it here with the CA's key and a node certificate's
     * extensions; no waiting for a short validity to run out.
     */
    static void writeExpired(CertificateAuthority ca, SubjectName subject, Path certificateFile, Path keyFile)
            throws Exception {
        KeyPair key = KeyPairs.ecP256();
        Instant now = Instant.now();
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
                new BigInteger(128, new SecureRandom()).setBit(127), ca.certificate().getNotBefore(),
                Date.from(now.minus(EXPIRED_AGO)), subject.toX500Name(), key.getPublic())
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(ca.certificate().getPublicKey()))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        var certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.privateKey())));
        Files.writeString(certificateFile, Pem.write(certificate));
        Files.writeString(keyFile, Pem.write(key.getPrivate()));
    }
}
