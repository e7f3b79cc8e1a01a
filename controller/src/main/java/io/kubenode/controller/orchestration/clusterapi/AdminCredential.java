package io.kubenode.controller.orchestration.clusterapi;

import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.kubeconfig.AdminKubeconfigs;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * The controller's own short-lived admin identity on the cluster API: a fresh ECDSA key (in memory only) and a
 * client certificate from the cluster CA ({@code CN=kubenode-controller, O=kubeadm:cluster-admins}), in a TLS
 * context that trusts the cluster CA and nothing else. Used until two thirds of its lifetime have passed.
 */
final class AdminCredential {
    static final String COMMON_NAME = "kubenode-controller";

    private final SSLContext context;
    private final BigInteger serial;
    private final X509Certificate clusterCa;
    private final Instant renewAt;

    private AdminCredential(SSLContext context, BigInteger serial, X509Certificate clusterCa, Instant renewAt) {
        this.context = context;
        this.serial = serial;
        this.clusterCa = clusterCa;
        this.renewAt = renewAt;
    }

    static AdminCredential mint(ClusterPki pki, Duration lifetime, Instant now) {
        KeyPair key = KeyPairs.ecP256();
        X509Certificate certificate = pki.clusterCa().issueClient(key.getPublic(),
                new SubjectName(COMMON_NAME, AdminKubeconfigs.CLUSTER_ADMINS), lifetime);
        X509Certificate ca = pki.clusterCaCertificate();
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("admin", key.getPrivate(), password, new Certificate[]{certificate, ca});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("cluster-ca", ca);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return new AdminCredential(context, certificate.getSerialNumber(), ca,
                    now.plus(lifetime.multipliedBy(2).dividedBy(3)));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context for the cluster API: " + e.getMessage(), e);
        }
    }

    /** Still good at {@code now} for a cluster whose CA is {@code ca} (a new PKI means a new credential). */
    boolean usableAt(Instant now, X509Certificate ca) {
        return now.isBefore(renewAt) && clusterCa.equals(ca);
    }

    SSLContext context() {
        return context;
    }

    BigInteger serial() {
        return serial;
    }
}
