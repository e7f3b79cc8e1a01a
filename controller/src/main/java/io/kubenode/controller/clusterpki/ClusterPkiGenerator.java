package io.kubenode.controller.clusterpki;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes a new Kubernetes PKI as {@code kubeadm init phase certs} would: three self-signed ten-year CAs with
 * kubeadm's names (kubernetes, front-proxy-ca, etcd-ca) and the service-account key pair, all RSA 2048 (kubeadm's
 * default encryptionAlgorithm). Slow (four RSA keys); blocking.
 */
public final class ClusterPkiGenerator {
    static final String CLUSTER_CA_NAME = "kubernetes";
    static final String FRONT_PROXY_CA_NAME = "front-proxy-ca";
    static final String ETCD_CA_NAME = "etcd-ca";

    private ClusterPkiGenerator() {
    }

    public static ClusterPki generate() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        addCa(files, CLUSTER_CA_NAME, ClusterPki.CA_CERTIFICATE, ClusterPki.CA_KEY);
        addCa(files, FRONT_PROXY_CA_NAME, ClusterPki.FRONT_PROXY_CA_CERTIFICATE, ClusterPki.FRONT_PROXY_CA_KEY);
        addCa(files, ETCD_CA_NAME, ClusterPki.ETCD_CA_CERTIFICATE, ClusterPki.ETCD_CA_KEY);
        KeyPair serviceAccount = KeyPairs.rsa2048();
        files.put(ClusterPki.SERVICE_ACCOUNT_KEY, bytes(Pem.writeRsaPkcs1(serviceAccount.getPrivate())));
        files.put(ClusterPki.SERVICE_ACCOUNT_PUBLIC_KEY, bytes(Pem.write(serviceAccount.getPublic())));
        return new ClusterPki(files);
    }

    private static void addCa(Map<String, byte[]> files, String commonName, String certificatePath, String keyPath) {
        CertificateAuthority ca = CertificateAuthority.createKubeadmStyle(commonName, KeyPairs.rsa2048());
        files.put(certificatePath, bytes(Pem.write(ca.certificate())));
        files.put(keyPath, bytes(Pem.writeRsaPkcs1(ca.privateKey())));
    }

    private static byte[] bytes(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }
}
