package io.kubenode.controller.orchestration.clusterapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.common.document.Documents;
import io.kubenode.common.net.DirectTls;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.orchestration.ClusterApiObserver;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Asks the cluster's Kubernetes API ({@code GET /api/v1/nodes}) which nodes are Ready, as a cluster admin with a
 * short-lived certificate it mints from the cluster CA ({@link AdminCredential}: 10 minutes, a new one after two
 * thirds of that). It connects to the control-plane endpoint's {@code address} (the virtual IP: the controller need
 * not resolve the endpoint's name) and speaks TLS as to the endpoint's {@code host}: SNI with that name, the server
 * certificate verified against the cluster CA only and for that name. Any failure (no PKI yet, nothing listening,
 * a certificate of another CA or for another name, a slow or odd answer) is an empty answer and one debug log
 * line without secrets. Blocking, bounded: 2 s to connect, 5 s in all.
 */
public final class KubernetesApiObserver implements ClusterApiObserver {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CREDENTIAL_LIFETIME = Duration.ofMinutes(10);
    /** A node list of thousands of nodes is a few MiB; more is not an answer we want to hold. */
    static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(KubernetesApiObserver.class.getName());

    private final Supplier<Optional<ClusterPki>> pki;
    private final Clock clock;
    private AdminCredential credential;

    /** {@code pki}: the cluster's PKI as stored (e.g. {@code ClusterPkiCustody::stored}), empty before it exists. */
    public KubernetesApiObserver(Supplier<Optional<ClusterPki>> pki, Clock clock) {
        this.pki = pki;
        this.clock = clock;
    }

    @Override
    public Optional<Set<String>> readyNodes(Cluster cluster) {
        ControlPlaneEndpoint endpoint = cluster.spec().controlPlaneEndpoint();
        String where = "https://" + endpoint.host() + ":" + endpoint.port() + " (at " + endpoint.address() + ")";
        try {
            Optional<AdminCredential> admin = credential();
            if (admin.isEmpty()) {
                LOG.log(System.Logger.Level.DEBUG, "cluster API not asked: no cluster PKI yet");
                return Optional.empty();
            }
            HttpAnswer answer = get(admin.get(), endpoint, "/api/v1/nodes");
            if (answer.status() != 200) {
                LOG.log(System.Logger.Level.DEBUG, "cluster API " + where + " answered GET /api/v1/nodes with "
                        + answer.status());
                return Optional.empty();
            }
            return Optional.of(ready(Documents.json().readTree(answer.body())));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cluster API " + where + " not read: " + e);
            return Optional.empty();
        }
    }

    /** The serial of the certificate in use (tests: it is reused until two thirds of its lifetime). */
    synchronized Optional<String> credentialSerial() {
        return Optional.ofNullable(credential).map(each -> each.serial().toString(16));
    }

    private synchronized Optional<AdminCredential> credential() {
        Optional<ClusterPki> current = pki.get();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (credential == null || !credential.usableAt(now, current.get().clusterCaCertificate())) {
            credential = AdminCredential.mint(current.get(), CREDENTIAL_LIFETIME, now);
        }
        return Optional.of(credential);
    }

    private static HttpAnswer get(AdminCredential admin, ControlPlaneEndpoint endpoint, String path)
            throws IOException {
        long deadline = System.nanoTime() + TOTAL_TIMEOUT.toNanos();
        InetAddress address = InetAddress.getByName(endpoint.address());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, endpoint.port()), (int) CONNECT_TIMEOUT.toMillis());
            plain.setSoTimeout(remainingMillis(deadline));
            try (SSLSocket tls = DirectTls.handshake(plain, admin.context(), endpoint.host(), endpoint.port(),
                    remainingMillis(deadline))) {
                tls.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + endpoint.host() + ":"
                        + endpoint.port() + "\r\nAccept: application/json\r\nUser-Agent: kubenode-controller\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                return HttpAnswer.parse(readAll(tls, deadline));
            }
        }
    }

    /** Reads until the server closes, each read within what is left of the total time. */
    private static byte[] readAll(SSLSocket socket, long deadline) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[16 * 1024];
        while (true) {
            socket.setSoTimeout(remainingMillis(deadline));
            int read = in.read(buffer);
            if (read < 0) {
                return answer.toByteArray();
            }
            answer.write(buffer, 0, read);
            if (answer.size() > MAX_ANSWER_BYTES) {
                throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
            }
        }
    }

    private static int remainingMillis(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new java.net.SocketTimeoutException("no complete answer within " + TOTAL_TIMEOUT.toSeconds() + " s");
        }
        return (int) left;
    }

    /** The names of the items of a NodeList whose condition of type Ready has status True. */
    static Set<String> ready(JsonNode nodeList) {
        Set<String> ready = new TreeSet<>();
        if (nodeList == null || !nodeList.path("items").isArray()) {
            throw new IllegalArgumentException("the answer is not a NodeList (no items)");
        }
        for (JsonNode node : nodeList.path("items")) {
            String name = node.path("metadata").path("name").asText("");
            for (JsonNode condition : node.path("status").path("conditions")) {
                if ("Ready".equals(condition.path("type").asText()) && "True".equals(condition.path("status")
                        .asText()) && !name.isEmpty()) {
                    ready.add(name);
                }
            }
        }
        return ready;
    }
}
