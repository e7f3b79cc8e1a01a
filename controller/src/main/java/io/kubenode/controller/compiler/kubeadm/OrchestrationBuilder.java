package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.catalog.ManifestSpec;
import io.kubenode.common.cluster.NetworkSpec;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.InvalidClusterException;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;
import io.kubenode.controller.compiler.firewall.FirewallBuilder;
import io.kubenode.controller.compiler.network.NetworkPluginBuilder;
import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.Released;
import io.kubenode.controller.rollout.RolloutRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the orchestrator released to this node, as resources (the table of the orchestration contract): the cluster
 * PKI on a control plane, the discovery kubeconfig of a join, the kubeadm step, the CNI manifest on the init node,
 * on the token holder the bootstrap token with its config, and on a control plane the workers a rollout has it
 * drain or uncordon ({@code drain}). Nothing when nothing is released, so host
 * preparation catalogs stay as they were. Every secret comes from the context, never from here.
 */
public final class OrchestrationBuilder implements NodeModelBuilder {
    public static final String DISCOVERY_FILE = KubeadmDocuments.DISCOVERY_KUBECONFIG;
    public static final String TOKEN_CONFIG_FILE = "/etc/kubenode/kubeadm/token.yaml";
    public static final String ADMIN_KUBECONFIG = "/etc/kubernetes/admin.conf";
    public static final String KUBELET_HEALTH_URL = "http://127.0.0.1:10248/healthz";
    public static final String CLUSTER_CA_FILE = ClusterPki.NODE_DIRECTORY + "/" + ClusterPki.CA_CERTIFICATE;
    public static final int RESET_TIMEOUT_SECONDS = 120;
    public static final int MANIFEST_TIMEOUT_SECONDS = 120;

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        Released released = node.released();
        // init/join need the node's ports open (etcd, the apiserver, the kubelet), so they wait for the firewall.
        List<String> stepNeeds = new ArrayList<>(catalog.present(FirewallBuilder.ID,
                "file:" + KubeadmConfigBuilder.CONFIG_FILE));
        if (released.clusterPki()) {
            stepNeeds.addAll(pkiFiles(node, catalog));
        }
        if (released.discoveryToken() != null) {
            stepNeeds.add(discovery(node, catalog, released.discoveryToken()));
        }
        if (released.kubeadm() != null) {
            KubeadmStep step = released.kubeadm();
            catalog.add(kubeadm(node, step), step.action().equals(KubeadmSpec.RESET) ? List.of() : stepNeeds);
        }
        if (released.network()) {
            manifest(node, catalog);
        }
        if (node.orchestration().heldToken() != null) {
            token(node, catalog, node.orchestration().heldToken());
        }
        for (RolloutRecord.Drain drain : node.orchestration().drains()) {
            drain(node, catalog, drain);
        }
    }

    /**
     * A worker this control plane cordons and drains (or uncordons) through its admin kubeconfig, for a rollout.
     * kubectl's own timeout is the rollout's health timeout (within what the resource accepts).
     */
    private static void drain(NodeContext node, CatalogDraft catalog, RolloutRecord.Drain drain) {
        if (!node.isControlPlane()) {
            throw new IllegalStateException("a drain of " + drain.worker() + " is given to " + node.node().name()
                    + ", which is not a control plane (only control planes hold the admin kubeconfig)");
        }
        catalog.add(new DrainSpec(drain.worker(), drain.drained(), ADMIN_KUBECONFIG, drainTimeoutSeconds(node)),
                catalog.present("kubeadm:" + KubeadmSpec.NODE));
    }

    /** kubectl drain's own timeout: the rollout's health timeout, within what the drain resource accepts. */
    public static int drainTimeoutSeconds(NodeContext node) {
        long seconds = node.spec().rolloutOrDefaults().healthTimeoutOrDefault().toSeconds();
        return (int) Math.max(DrainSpec.MIN_TIMEOUT_SECONDS, Math.min(DrainSpec.MAX_TIMEOUT_SECONDS, seconds));
    }

    /**
     * The cluster CAs and service-account keys, keys secret. Refuses outright on anything but a control plane: a
     * worker never receives a CA key. (A document turning a control plane that holds them into a worker ends here,
     * refused like any invalid document.)
     */
    static List<String> pkiFiles(NodeContext node, CatalogDraft catalog) {
        if (!node.isControlPlane()) {
            int index = node.spec().nodes().indexOf(node.node());
            throw new InvalidClusterException(List.of(Problem.error("spec.nodes[" + index + "].role",
                    "refusing to put the cluster CA and service-account keys into the catalog of "
                            + node.node().name() + ", which is not a control plane; it was released as one (a"
                            + " control plane cannot become a worker)")));
        }
        ClusterPki pki = node.orchestration().secrets().requirePki("the control plane " + node.node().name());
        List<String> ids = new ArrayList<>();
        for (String path : ClusterPki.PATHS) {
            String target = ClusterPki.NODE_DIRECTORY + "/" + path;
            String content = new String(pki.file(path), StandardCharsets.US_ASCII);
            ids.add(catalog.add(ClusterPki.isPrivateKey(path)
                    ? FileSpec.rootOwnedSecret(target, content, FileSpec.SECRET_MODE)
                    : FileSpec.rootOwned(target, content, "0644")));
        }
        return ids;
    }

    private static String discovery(NodeContext node, CatalogDraft catalog, String tokenId) {
        byte[] ca = node.orchestration().secrets().requirePki("the discovery of " + node.node().name())
                .file(ClusterPki.CA_CERTIFICATE);
        String token = node.orchestration().secrets().requireToken(tokenId, "the discovery of " + node.node().name());
        return catalog.add(FileSpec.rootOwnedSecret(DISCOVERY_FILE, KubeadmDocuments.discovery(node, ca, token),
                FileSpec.SECRET_MODE));
    }

    /** The step as the contract compiles it; a reset keeps the role the node had, without config or apiserver. */
    static KubeadmSpec kubeadm(NodeContext node, KubeadmStep step) {
        boolean controlPlane = node.isControlPlane();
        String role = controlPlane ? KubeadmSpec.CONTROL_PLANE : KubeadmSpec.WORKER;
        if (step.action().equals(KubeadmSpec.RESET)) {
            return new KubeadmSpec(KubeadmSpec.NODE, KubeadmSpec.RESET, role, null, step.attempt(),
                    RESET_TIMEOUT_SECONDS, KUBELET_HEALTH_URL, null, CLUSTER_CA_FILE, List.of());
        }
        if (!step.action().equals(KubeadmSpec.INIT) && !step.action().equals(KubeadmSpec.JOIN)) {
            throw new IllegalStateException("unknown kubeadm action '" + step.action() + "' released to "
                    + node.node().name());
        }
        String apiServer = controlPlane
                ? "https://" + node.node().address() + ":" + node.apiServerPort() + "/readyz" : null;
        return new KubeadmSpec(KubeadmSpec.NODE, step.action(), role, KubeadmConfigBuilder.CONFIG_FILE,
                step.attempt(), node.spec().orchestrationOrDefaults().kubeadmTimeoutSecondsOrDefault(),
                KUBELET_HEALTH_URL, apiServer, CLUSTER_CA_FILE, List.of());
    }

    private static void manifest(NodeContext node, CatalogDraft catalog) {
        NetworkSpec network = node.spec().network();
        if (network == null) {
            return; // a document without spec.network installs its CNI itself; there is nothing to apply
        }
        if (!node.isInitNode()) {
            throw new IllegalStateException("the CNI manifest is released to " + node.node().name()
                    + ", which is not the init node (only it holds the manifest)");
        }
        String file = NetworkPluginBuilder.MANIFEST_DIR + "kube-" + network.plugin() + ".yml";
        catalog.add(new ManifestSpec(network.plugin(), file, ADMIN_KUBECONFIG, MANIFEST_TIMEOUT_SECONDS),
                catalog.present("archive:" + network.plugin() + "-manifest", "kubeadm:" + KubeadmSpec.NODE));
    }

    private static void token(NodeContext node, CatalogDraft catalog, BootstrapToken token) {
        if (!KubeadmTokenSpec.PRESENT.equals(token.state())) {
            catalog.add(new KubeadmTokenSpec(token.id(), KubeadmTokenSpec.ABSENT, null, token.validUntil(),
                    ADMIN_KUBECONFIG));
            return;
        }
        String value = node.orchestration().secrets().requireToken(token.id(), "the token holder "
                + node.node().name());
        String config = catalog.add(FileSpec.rootOwnedSecret(TOKEN_CONFIG_FILE,
                KubeadmDocuments.tokenConfig(node, value), FileSpec.SECRET_MODE));
        catalog.add(new KubeadmTokenSpec(token.id(), KubeadmTokenSpec.PRESENT, TOKEN_CONFIG_FILE, token.validUntil(),
                ADMIN_KUBECONFIG), List.of(config));
    }
}
