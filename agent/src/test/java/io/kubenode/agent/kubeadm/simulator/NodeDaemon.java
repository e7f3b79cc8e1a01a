package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The long-running part of a simulated node (one JVM): the kubelet's health endpoint on
 * {@code KUBENODE_SANDBOX_LOOPBACK:10248} and, on control planes, the apiserver stand-in on
 * advertiseAddress:bindPort (TLS with apiserver.crt; /healthz /readyz /livez anonymous as kubeadm's default RBAC
 * allows; {@code GET /api/v1/nodes} only with a client certificate signed by the cluster CA). Exits on SIGTERM, and
 * by itself once its node's root or pid file is gone (a test that forgot it, a reset); when the root is gone it
 * kills the node's etcd too, as nobody else can find that pid any more. It renews the node's lease in the cluster
 * directory every {@link #LEASE_RENEWAL}.
 */
final class NodeDaemon {
    static final int KUBELET_HEALTH_PORT = 10248;
    /** In the node's state dir: while it exists, the apiserver is stopped. */
    static final String API_SERVER_STOPPED = "apiserver-stopped";
    /** The kubelet renews its node lease every 10 s (a quarter of the grace); the simulator a little faster. */
    static final Duration LEASE_RENEWAL = Duration.ofSeconds(5);
    /** Legacy discovery, enough for a real kubectl to find the nodes resource ({@code kubectl get nodes}). */
    private static final java.util.Map<String, String> DISCOVERY = java.util.Map.of(
            "/api", "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}",
            "/apis", "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}",
            "/api/v1", "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
                    + "\"nodes\",\"singularName\":\"node\",\"namespaced\":false,\"kind\":\"Node\",\"verbs\":"
                    + "[\"get\",\"list\"],\"shortNames\":[\"no\"]}]}");

    private final SimulatorEnv env;
    private final NodeState node;
    private final ClusterStore store;
    /** The node's etcd as last seen: killed with the daemon when a test deleted the root without stopping it. */
    private volatile Optional<ProcessHandle> etcd = Optional.empty();
    /** The running apiserver stand-in; null while stopped (and on workers). */
    private HttpsServer api;

    NodeDaemon(SimulatorEnv env, NodeState node) {
        this.env = env;
        this.node = node;
        this.store = new ClusterStore(env.clusterDir());
    }

    static void run(SimulatorEnv env) throws IOException {
        NodeState node = NodeState.read(env).orElseThrow(() -> new SimulatorFailure("no " + NodeState.FILE
                + " under " + env.root() + ": init or join did not run"));
        new NodeDaemon(env, node).serve();
    }

    private void serve() throws IOException {
        HttpServer kubelet = HttpServer.create(new InetSocketAddress(InetAddress.getByName(env.loopback()),
                KUBELET_HEALTH_PORT), 16);
        kubelet.createContext("/healthz", this::kubeletHealth);
        kubelet.setExecutor(Executors.newSingleThreadExecutor());
        kubelet.start();
        if (node.controlPlane() && !Files.exists(apiServerStopped())) {
            startApiServer();
        }
        if (env.systemd() && env.realEtcd() && node.controlPlane()) {
            startEtcdStaticPod();
        }
        long pid = ProcessHandle.current().pid();
        ClusterStore.write(env.pidFile(), pid + "\n");
        System.out.println("kubeadm simulator daemon " + pid + " of node " + node.name() + " serving");
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.scheduleWithFixedDelay(() -> exitWhenOrphaned(pid), 500, 500, TimeUnit.MILLISECONDS);
        if (node.controlPlane()) {
            watchdog.scheduleWithFixedDelay(this::followApiServerSwitch, 200, 200, TimeUnit.MILLISECONDS);
        }
        watchdog.scheduleWithFixedDelay(this::renewLease, 0, LEASE_RENEWAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The apiserver alone, as its static pod's container: started with the daemon, stopped while the node's
     * {@value #API_SERVER_STOPPED} file exists (a test's {@code crictl stop} of the kube-apiserver container) and
     * started again when it is removed, the kubelet answering all along.
     */
    private synchronized void startApiServer() throws IOException {
        // kube-apiserver's --bind-address is 0.0.0.0 by default: on a host of its own it answers on every address
        // (127.0.1.1 too, which Debian's /etc/hosts gives the hostname); sandbox nodes share one machine's ports
        InetSocketAddress bind = env.systemd() ? new InetSocketAddress(node.bindPort())
                : new InetSocketAddress(InetAddress.getByName(node.advertiseAddress()), node.bindPort());
        HttpsServer server = HttpsServer.create(bind, 32);
        server.setHttpsConfigurator(new ClientCertificateWanted(apiServerTls()));
        server.createContext("/", this::apiServer);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        api = server;
    }

    private synchronized void followApiServerSwitch() {
        boolean stopped = Files.exists(apiServerStopped());
        try {
            if (stopped && api != null) {
                api.stop(0);
                api = null;
                System.out.println("apiserver stopped (" + API_SERVER_STOPPED + " present)");
            } else if (!stopped && api == null) {
                startApiServer();
                System.out.println("apiserver started again");
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("cannot switch the apiserver: " + e.getMessage());
        }
    }

    private Path apiServerStopped() {
        return env.host(SimulatorEnv.STATE_DIR + "/" + API_SERVER_STOPPED);
    }

    private void exitWhenOrphaned(long pid) {
        if (!Files.isDirectory(env.root())) {
            etcd.ifPresent(ProcessHandle::destroyForcibly);
            System.out.println("node root gone: exiting" + (etcd.isPresent() ? " (etcd " + etcd.get().pid()
                    + " killed)" : ""));
            Runtime.getRuntime().halt(0);
        }
        etcd = EtcdMember.running(env.host(EtcdMember.PID_FILE), env.host(EtcdFlags.DATA_DIR));
        OptionalLong recorded = DaemonProcess.readPid(env);
        if (recorded.isEmpty() || recorded.getAsLong() != pid) {
            System.out.println("node pid file gone: exiting");
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * What the kubelet does with the etcd static pod after a reboot (a host of its own): starts it from its manifest
     * when it does not run, in the background, as the pod's health is not the kubelet's to wait for.
     */
    private void startEtcdStaticPod() throws IOException {
        Path manifest = env.host(StaticPods.DIR + "/etcd.yaml");
        if (!Files.isRegularFile(manifest)
                || EtcdMember.running(env.host(EtcdMember.PID_FILE), env.host(EtcdFlags.DATA_DIR)).isPresent()) {
            return;
        }
        Optional<EtcdFlags> flags = EtcdFlags.fromManifest(Files.readString(manifest));
        if (flags.isEmpty()) {
            return;
        }
        Thread starter = new Thread(() -> {
            try {
                System.out.println("etcd static pod started again (pid " + EtcdMember.start(env, flags.get()) + ")");
            } catch (RuntimeException e) {
                System.out.println("cannot start the etcd static pod: " + e.getMessage());
            }
        }, "etcd-static-pod");
        starter.setDaemon(true);
        starter.start();
    }

    /** Like the kubelet's node lease: a failed renewal (the shared directory unreachable) is retried next time. */
    private void renewLease() {
        try {
            store.renewLease(node.name());
        } catch (RuntimeException e) {
            System.out.println("cannot renew the lease of " + node.name() + ": " + e.getMessage());
        }
    }

    private SSLContext apiServerTls() throws IOException {
        NodePki pki = new NodePki(env);
        PrivateKey key = NodePki.readAnyKey(Files.readString(pki.file("apiserver.key")));
        X509Certificate certificate = Pem.readCertificate(Files.readString(pki.file("apiserver.crt")));
        List<X509Certificate> cas = CaTrust.parseBundle(Files.readAllBytes(pki.file("ca.crt")), "ca.crt");
        return CaTrust.mutual(key, List.of(certificate), cas);
    }

    private void kubeletHealth(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "text/plain", "ok");
    }

    private void apiServer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
            respond(exchange, 200, "text/plain", "ok");
            return;
        }
        if (path.equals("/version")) {
            respond(exchange, 200, "application/json", "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\""
                    + KubeSimulator.VERSION + "\",\"platform\":\"linux/amd64\"}");
            return;
        }
        if (path.equals(KubeletBootstrap.PATH) && exchange.getRequestMethod().equals("POST")) {
            KubeletBootstrap.Answer answer = new KubeletBootstrap(env, store).sign(
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestBody().readAllBytes());
            respond(exchange, answer.status(), "application/json", answer.body());
            return;
        }
        String user = clientUser((HttpsExchange) exchange);
        if (user == null) {
            respond(exchange, 403, "application/json", status(403, "Forbidden", "forbidden: User "
                    + "\\\"system:anonymous\\\" cannot get path \\\"" + path + "\\\""));
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            respond(exchange, 405, "application/json", status(405, "MethodNotAllowed", "the simulated apiserver "
                    + "only reads"));
            return;
        }
        String discovery = DISCOVERY.get(path);
        if (discovery != null) {
            respond(exchange, 200, "application/json", discovery);
            return;
        }
        if (path.equals("/api/v1/nodes")) {
            respond(exchange, 200, "application/json", nodeList());
            return;
        }
        respond(exchange, 404, "application/json", status(404, "NotFound", "the server could not find the "
                + "requested resource"));
    }

    private static String clientUser(HttpsExchange exchange) {
        try {
            X509Certificate peer = (X509Certificate) exchange.getSSLSession().getPeerCertificates()[0];
            return peer.getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private String nodeList() throws IOException {
        ObjectNode list = ClusterStore.JSON.createObjectNode().put("kind", "NodeList").put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", "1");
        ArrayNode items = list.putArray("items");
        for (ClusterStore.Node registered : store.locked(store::nodes)) {
            items.add(NodeObjects.node(store, registered));
        }
        return ClusterStore.JSON.writeValueAsString(list);
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Asks for a client certificate without requiring one: health paths stay anonymous. */
    private static final class ClientCertificateWanted extends HttpsConfigurator {
        ClientCertificateWanted(SSLContext context) {
            super(context);
        }

        @Override
        public void configure(HttpsParameters parameters) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setWantClientAuth(true);
            parameters.setSSLParameters(ssl);
        }
    }
}
