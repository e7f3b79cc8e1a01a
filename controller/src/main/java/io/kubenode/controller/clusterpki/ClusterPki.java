package io.kubenode.controller.clusterpki;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.Pem;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cluster's Kubernetes PKI as kubeadm lays it out under {@code /etc/kubernetes/pki}: the cluster CA
 * ({@code ca.crt}/{@code ca.key}), the front-proxy CA, the etcd CA ({@code etcd/ca.*}) and the service-account key
 * pair ({@code sa.key}/{@code sa.pub}). Every file is PEM exactly as kubeadm writes it: certificates, PKCS#1 RSA
 * keys, a PKIX public key. Holds private keys: never print or log one ({@link #toString} is redacted).
 */
public final class ClusterPki {
    public static final String CA_CERTIFICATE = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String FRONT_PROXY_CA_CERTIFICATE = "front-proxy-ca.crt";
    public static final String FRONT_PROXY_CA_KEY = "front-proxy-ca.key";
    public static final String ETCD_CA_CERTIFICATE = "etcd/ca.crt";
    public static final String ETCD_CA_KEY = "etcd/ca.key";
    public static final String SERVICE_ACCOUNT_KEY = "sa.key";
    public static final String SERVICE_ACCOUNT_PUBLIC_KEY = "sa.pub";
    /** Every file, relative to the node's PKI directory, in the order kubeadm makes them. */
    public static final List<String> PATHS = List.of(CA_CERTIFICATE, CA_KEY, FRONT_PROXY_CA_CERTIFICATE,
            FRONT_PROXY_CA_KEY, ETCD_CA_CERTIFICATE, ETCD_CA_KEY, SERVICE_ACCOUNT_KEY, SERVICE_ACCOUNT_PUBLIC_KEY);
    /** The files holding a private key: for control planes only, written 0600. */
    public static final List<String> PRIVATE_KEY_PATHS = List.of(CA_KEY, FRONT_PROXY_CA_KEY, ETCD_CA_KEY,
            SERVICE_ACCOUNT_KEY);
    /** The directory kubeadm reads them from on a node. */
    public static final String NODE_DIRECTORY = "/etc/kubernetes/pki";

    private final Map<String, byte[]> files;

    /** The files by path; exactly {@link #PATHS}, each non-empty. */
    public ClusterPki(Map<String, byte[]> files) {
        if (!files.keySet().equals(Set.copyOf(PATHS))) {
            throw new IllegalArgumentException("a cluster PKI is exactly " + PATHS + ", got " + files.keySet());
        }
        Map<String, byte[]> copy = new LinkedHashMap<>();
        for (String path : PATHS) {
            byte[] content = files.get(path);
            if (content == null || content.length == 0) {
                throw new IllegalArgumentException("cluster PKI file " + path + " is empty");
            }
            copy.put(path, content.clone());
        }
        this.files = copy;
    }

    /** A copy of every file by path, in {@link #PATHS} order. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((path, content) -> copy.put(path, content.clone()));
        return copy;
    }

    public byte[] file(String path) {
        byte[] content = files.get(path);
        if (content == null) {
            throw new IllegalArgumentException("no cluster PKI file " + path + "; one of " + PATHS);
        }
        return content.clone();
    }

    public static boolean isPrivateKey(String path) {
        return PRIVATE_KEY_PATHS.contains(path);
    }

    /** The cluster CA (CN=kubernetes), e.g. to sign a short-lived admin client certificate. */
    public CertificateAuthority clusterCa() {
        return ca(CA_CERTIFICATE, CA_KEY);
    }

    public CertificateAuthority frontProxyCa() {
        return ca(FRONT_PROXY_CA_CERTIFICATE, FRONT_PROXY_CA_KEY);
    }

    public CertificateAuthority etcdCa() {
        return ca(ETCD_CA_CERTIFICATE, ETCD_CA_KEY);
    }

    /** The cluster CA certificate alone (what workers and discovery get). */
    public X509Certificate clusterCaCertificate() {
        return Pem.readCertificate(text(CA_CERTIFICATE));
    }

    public PublicKey serviceAccountPublicKey() {
        return Pem.readPublicKey(text(SERVICE_ACCOUNT_PUBLIC_KEY));
    }

    private CertificateAuthority ca(String certificate, String key) {
        return CertificateAuthority.load(Pem.readCertificate(text(certificate)), Pem.readRsaPkcs1PrivateKey(text(key)));
    }

    private String text(String path) {
        return new String(files.get(path), StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "ClusterPki(" + PATHS + ", keys redacted)";
    }
}
