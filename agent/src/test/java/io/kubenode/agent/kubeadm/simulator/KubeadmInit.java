package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.common.pki.CertificateAuthority;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubeadm init --config F}: preflight, certificates (the CAs found under /etc/kubernetes/pki, generated only
 * when absent), kubeconfigs, static pod manifests, the cluster's first node and its bootstrap tokens in the cluster
 * directory, and the node's daemon (kubelet health + apiserver stand-in); with real etcd, the first etcd member.
 */
final class KubeadmInit {
    private final SimulatorEnv env;
    private final ClusterStore store;
    private final PrintStream out;

    KubeadmInit(SimulatorEnv env, PrintStream out) {
        this.env = env;
        this.store = new ClusterStore(env.clusterDir());
        this.out = out;
    }

    void run(NodeConfig config) {
        Events.around(store, config.nodeName(), "init", () -> init(config));
    }

    private void init(NodeConfig config) {
        new Preflight(env, store).run(config, out);
        String fault = Faults.delayOrFailure(store, config.nodeName(), "init");
        NodeConfig.ClusterSettings cluster = config.cluster();
        // written first: a half-done node's reset still knows whose it is
        new NodeState(config.nodeName(), "control-plane", config.advertiseAddress(), config.bindPort()).write(env);
        out.println("[certs] Using certificateDir folder \"/etc/kubernetes/pki\"");
        List<String> log = new ArrayList<>();
        NodePki pki = new NodePki(env);
        CertificateAuthority ca = pki.ensureCas(log);
        log.forEach(out::println);
        pki.issueApiServer(ca, NodePki.apiServerNames(config.nodeName(), config.advertiseAddress(), cluster));
        out.println("[certs] Generating \"apiserver\" certificate and key");
        String endpoint = "https://" + (cluster.controlPlaneEndpoint() != null ? cluster.controlPlaneEndpoint()
                : new HostPort(config.advertiseAddress(), config.bindPort()).toString());
        String local = "https://" + new HostPort(config.advertiseAddress(), config.bindPort());
        Kubeconfigs.writeControlPlane(env, ca, cluster.clusterName(), config.nodeName(), endpoint, local, true, out);
        EtcdMembership etcd = env.realEtcd() ? new EtcdMembership(env, store, out) : null;
        EtcdFlags etcdFlags = etcd == null ? null : etcd.prepareFirst(config.nodeName(), config.advertiseAddress());
        StaticPods.write(env, config.nodeName(), config.advertiseAddress(), config.bindPort(),
                cluster.kubernetesVersion(), etcdFlags);
        out.println("[control-plane] Using manifest folder \"/etc/kubernetes/manifests\"");
        if (etcd != null) {
            etcd.start(etcdFlags);
        }
        if (fault != null) {
            throw new SimulatorFailure("error execution phase wait-control-plane: " + fault);
        }
        long pid = DaemonProcess.start(env);
        out.println("[kubelet-check] The kubelet is healthy (simulated, daemon pid " + pid + ")");
        out.println("[api-check] The API server is healthy");
        List<BootstrapTokenSpec> tokens = config.bootstrapTokens().isEmpty()
                ? List.of(BootstrapTokenSpec.generatedByInit()) : config.bootstrapTokens();
        store.locked(() -> {
            store.putClusterSettings(cluster);
            store.putNode(new ClusterStore.Node(config.nodeName(), config.advertiseAddress(), "control-plane",
                    local.substring("https://".length()), env.registeredRoot()));
            for (BootstrapTokenSpec token : tokens) {
                store.putToken(KubeadmToken.stored(token, store.now()));
            }
            return null;
        });
        // As kubeadm does, the token is printed in clear: whoever runs kubeadm must keep its output to itself.
        out.println("[bootstrap-token] Using token: " + tokens.get(0).token());
        out.println();
        out.println("Your Kubernetes control-plane has initialized successfully!");
        out.println();
        out.println("You can now join any number of control-plane nodes by copying certificate authorities");
        out.println("and service account keys on each node and then running the following as root:");
        out.println();
        out.println("  kubeadm join " + endpoint.substring("https://".length()) + " --token " + tokens.get(0).token()
                + " \\\n\t--discovery-token-ca-cert-hash sha256:" + caCertHash(ca) + " \\\n\t--control-plane");
    }

    /** kubeadm's CA pin: sha256 of the CA certificate's SubjectPublicKeyInfo. */
    private static String caCertHash(CertificateAuthority ca) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(ca.certificate().getPublicKey().getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
