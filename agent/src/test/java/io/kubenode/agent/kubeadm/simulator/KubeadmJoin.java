package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.common.pki.CertificateAuthority;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code kubeadm join --config F} with file discovery: preflight, the cluster reached through the discovery
 * kubeconfig's server (name resolved through the node's /etc/hosts, certificate verified against the discovery CA
 * with hostname verification), the bootstrap token checked against the cluster's tokens and the clock, the shared
 * certificates required for a control plane, then the node's files, its registration and its daemon.
 */
final class KubeadmJoin {
    private static final Duration DEFAULT_DISCOVERY_TIMEOUT = Duration.ofSeconds(15);
    private static final String ENSURE = "\n\nPlease ensure that:\n* The cluster has a stable controlPlaneEndpoint "
            + "address.\n* The certificates that must be shared among control plane instances are provided.\n";

    private final SimulatorEnv env;
    private final ClusterStore store;
    private final PrintStream out;

    KubeadmJoin(SimulatorEnv env, PrintStream out) {
        this.env = env;
        this.store = new ClusterStore(env.clusterDir());
        this.out = out;
    }

    void run(NodeConfig config) {
        Events.around(store, config.nodeName(), config.controlPlane() ? "join-control-plane" : "join-worker",
                () -> join(config));
    }

    private void join(NodeConfig config) {
        new Preflight(env, store).run(config, out);
        Kubeconfig discovery = Kubeconfig.read(env, config.discoveryFile());
        discover(discovery, config.discoveryTimeout() == null ? DEFAULT_DISCOVERY_TIMEOUT : config.discoveryTimeout());
        String token = config.tlsBootstrapToken() != null ? config.tlsBootstrapToken() : discovery.token();
        String refusal = KubeadmToken.refusal(store, token);
        if (refusal != null) {
            throw new SimulatorFailure("error execution phase preflight: " + refusal);
        }
        String tokenId = token.substring(0, token.indexOf('.'));
        Events.record(store, config.nodeName(), "join-token", "accepted", "id=" + tokenId + " expires="
                + store.locked(() -> store.token(tokenId)).map(ClusterStore.Token::expires).orElse("never"));
        NodeConfig.ClusterSettings cluster = store.locked(store::clusterSettings).orElseThrow(() ->
                new SimulatorFailure("error execution phase preflight: unable to fetch the kubeadm-config "
                        + "ConfigMap: configmaps \"kubeadm-config\" not found"));
        CertificateAuthority ca = config.controlPlane() ? readyForControlPlane(cluster, discovery) : null;
        String fault = Faults.delayOrFailure(store, config.nodeName(), "join");
        String endpoint = discovery.server();
        String role = config.controlPlane() ? "control-plane" : "worker";
        // written first: a half-done node's reset still knows whose it is
        new NodeState(config.nodeName(), role, config.advertiseAddress(), config.bindPort()).write(env);
        if (config.controlPlane()) {
            NodePki pki = new NodePki(env);
            pki.issueApiServer(ca, NodePki.apiServerNames(config.nodeName(), config.advertiseAddress(), cluster));
            out.println("[certs] Generating \"apiserver\" certificate and key");
            String local = "https://" + new HostPort(config.advertiseAddress(), config.bindPort());
            Kubeconfigs.writeControlPlane(env, ca, cluster.clusterName(), config.nodeName(), endpoint, local, false,
                    out);
            EtcdMembership etcd = env.realEtcd() ? new EtcdMembership(env, store, out) : null;
            EtcdFlags etcdFlags = etcd == null ? null : etcd.prepareJoin(config.nodeName(), config.advertiseAddress());
            StaticPods.write(env, config.nodeName(), config.advertiseAddress(), config.bindPort(),
                    cluster.kubernetesVersion(), etcdFlags);
            if (etcd != null) {
                etcd.start(etcdFlags);
            }
        } else {
            Kubeconfig.ClientIdentity kubelet = KubeletBootstrap.request(env, discovery, token, config.nodeName(), out);
            NodePki.writeSecret(env.host(Kubeconfigs.KUBELET), Kubeconfig.render(cluster.clusterName(), endpoint,
                    discovery.cas().get(0), "system:node:" + config.nodeName(), kubelet, null));
            out.println("[kubelet-start] Writing kubelet kubeconfig to file \"/etc/kubernetes/kubelet.conf\"");
            // As kubeadm's kubelet-start phase: the discovery CA becomes the kubelet's client CA file.
            NodePki.writePublic(env.host("/etc/kubernetes/pki/ca.crt"),
                    io.kubenode.common.pki.Pem.write(discovery.cas().get(0)));
            out.println("[kubelet-start] Writing CA certificate at \"/etc/kubernetes/pki/ca.crt\"");
        }
        if (fault != null) {
            throw new SimulatorFailure("error execution phase kubelet-start: " + fault);
        }
        long pid = DaemonProcess.start(env);
        out.println("[kubelet-check] The kubelet is healthy (simulated, daemon pid " + pid + ")");
        store.locked(() -> {
            store.putNode(new ClusterStore.Node(config.nodeName(), config.controlPlane() ? config.advertiseAddress()
                    : config.nodeIp(), role, config.controlPlane() ? new HostPort(config.advertiseAddress(), config.bindPort())
                    .toString() : null, env.registeredRoot()));
            return null;
        });
        out.println();
        out.println("This node has joined the cluster" + (config.controlPlane() ? " and a new control plane instance "
                + "was created" : "") + ":");
    }

    /** kubeadm retries discovery until its timeout; the last error is what it reports. */
    private void discover(Kubeconfig discovery, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last;
        out.println("[discovery] Trying to connect to API Server \"" + HostPort.ofUrl(discovery.server()) + "\"");
        do {
            try {
                ApiClient.Response response = ApiClient.get(env, discovery, "/readyz", Duration.ofSeconds(5));
                if (response.status() == 200) {
                    out.println("[discovery] Successfully established connection with API Server \""
                            + HostPort.ofUrl(discovery.server()) + "\"");
                    return;
                }
                last = "the API server answered " + response.status() + " to /readyz";
            } catch (IOException | RuntimeException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (Instant.now().isBefore(deadline));
        throw new SimulatorFailure("error execution phase preflight: couldn't validate the identity of the API "
                + "Server: Get \"" + discovery.server() + "/api/v1/namespaces/kube-public/configmaps/cluster-info"
                + "?timeout=10s\": " + last);
    }

    private CertificateAuthority readyForControlPlane(NodeConfig.ClusterSettings cluster, Kubeconfig discovery) {
        if (cluster.controlPlaneEndpoint() == null) {
            throw new SimulatorFailure("error execution phase preflight: \nOne or more conditions for hosting a new "
                    + "control plane instance is not satisfied.\n\nunable to add a new control plane instance to a "
                    + "cluster that doesn't have a stable controlPlaneEndpoint address" + ENSURE);
        }
        NodePki pki = new NodePki(env);
        List<String> missing = pki.missingSharedFiles();
        if (!missing.isEmpty()) {
            throw new SimulatorFailure("error execution phase preflight: \nOne or more conditions for hosting a new "
                    + "control plane instance is not satisfied.\n\n[" + String.join(", ", missing) + "]" + ENSURE);
        }
        CertificateAuthority ca = pki.loadCa("ca");
        pki.loadCa("front-proxy-ca");
        pki.loadCa("etcd/ca");
        pki.readKey("sa.key", "service account");
        if (!discovery.cas().contains(ca.certificate())) {
            throw new SimulatorFailure("error execution phase preflight: /etc/kubernetes/pki/ca.crt is not the CA "
                    + "of the cluster the discovery kubeconfig names (" + ca.certificate().getSubjectX500Principal()
                    + ")");
        }
        return ca;
    }
}
