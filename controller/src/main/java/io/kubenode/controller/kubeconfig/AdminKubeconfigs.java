package io.kubenode.controller.kubeconfig;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.clusterpki.ClusterPkiCustody;
import io.kubenode.controller.store.Store;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Mints admin kubeconfigs for the cluster: a client certificate from the cluster CA ({@code CN=<admin>,
 * O=kubeadm:cluster-admins}, the group kubeadm binds to cluster-admin) for a public key the admin's CSR proved it
 * holds, and the kubeconfig around it (server = the control-plane endpoint's name and port, the cluster CA). The
 * private key never reaches the controller. Every certificate minted is logged and audited
 * ({@code kubeconfig.issue}: who, serial, ttl). Blocking (store, signing): run on a worker.
 */
public final class AdminKubeconfigs {
    private static final System.Logger LOG = System.getLogger(AdminKubeconfigs.class.getName());
    /** kubeadm's group for admins ({@code kubeadm:cluster-admins} is bound to the cluster-admin role). */
    public static final String CLUSTER_ADMINS = "kubeadm:cluster-admins";
    public static final Duration MIN_TTL = Duration.ofMinutes(10);
    public static final Duration MAX_TTL = Duration.ofDays(7);
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private final Supplier<Optional<Cluster>> cluster;
    private final ClusterPkiCustody custody;
    private final Store store;

    public AdminKubeconfigs(Supplier<Optional<Cluster>> cluster, ClusterPkiCustody custody, Store store) {
        this.cluster = cluster;
        this.custody = custody;
        this.store = store;
    }

    /** A minted kubeconfig (without the private key: the caller adds its own) and what it holds. */
    public record Minted(String kubeconfig, String subject, String serial, String notAfter, String context,
                         String server) {
    }

    /** Thrown when there is no cluster document yet, so no endpoint to point a kubeconfig at. */
    public static final class NoClusterException extends RuntimeException {
        NoClusterException() {
            super("the controller has no cluster document yet, so there is no cluster to connect to: store one "
                    + "with 'kubenodectl apply -f FILE' first");
        }
    }

    /** Mints for {@code admin} (the caller's CN) a certificate of {@code ttl} for {@code publicKey}. */
    public Minted mint(String admin, PublicKey publicKey, Duration ttl) {
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be within " + MIN_TTL + ".." + MAX_TTL + ", got " + ttl);
        }
        Cluster document = cluster.get().orElseThrow(NoClusterException::new);
        ControlPlaneEndpoint endpoint = document.spec().controlPlaneEndpoint();
        String name = document.metadata().name();
        ClusterPki pki = custody.getOrCreate();
        SubjectName subject = new SubjectName(admin, CLUSTER_ADMINS);
        X509Certificate certificate = pki.clusterCa().issueClient(publicKey, subject, ttl);
        BigInteger serial = certificate.getSerialNumber();
        String server = KubeconfigDocument.server(endpoint.host(), endpoint.port());
        Map<String, String> user = new LinkedHashMap<>();
        user.put("client-certificate-data", KubeconfigDocument.base64(Pem.write(certificate)));
        String text = KubeconfigDocument.render(name, server, pki.clusterCaCertificate(), name + "-" + admin, user);
        String notAfter = certificate.getNotAfter().toInstant().toString();
        store.appendAudit(admin, "kubeconfig.issue", "cluster/" + name, "serial " + serial.toString(16) + ", "
                + subject + ", ttl " + ttl.toSeconds() + " s, valid until " + notAfter);
        LOG.log(System.Logger.Level.INFO, "kubeconfig issued to " + admin + " for cluster " + name + ": serial "
                + serial.toString(16) + ", " + subject + ", ttl " + ttl.toSeconds() + " s, valid until " + notAfter);
        return new Minted(text, subject.toString(), serial.toString(16), notAfter, name, server);
    }
}
