package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.InvalidClusterException;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.compiler.orchestration.CompileOrchestration;
import io.kubenode.controller.compiler.orchestration.OrchestrationSecrets;
import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.INIT_TOKEN_ID;
import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.node;
import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.record;
import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each released step puts in a catalog, and what it never does. */
class OrchestrationBuilderTest {
    private static final Cluster SEED = SeedCluster.load();
    private final CatalogCompiler compiler = new CatalogCompiler();

    private NodeCatalog compile(String node, Released released) {
        return compile(node, record(ClusterPhase.JoiningWorkers, Map.of(node, node(NodePhase.Joining, released)),
                null));
    }

    private NodeCatalog compile(String node, OrchestrationRecord record) {
        return compiler.compile(SEED, node, null, OrchestrationFixtures.compile(record));
    }

    private static List<String> ids(NodeCatalog catalog) {
        return catalog.spec().resources().stream().map(CatalogResource::id).toList();
    }

    private static CatalogResource resource(NodeCatalog catalog, String id) {
        return catalog.spec().resources().stream().filter(each -> each.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void nothingReleasedCompilesExactlyAsWithoutARecord() {
        for (String node : List.of("node1.internal", "node2.internal", "node4.internal")) {
            NodeCatalog plain = compiler.compile(SEED, node);
            NodeCatalog withEmptyRecord = compile(node, OrchestrationRecord.empty(OrchestrationFixtures.NOW));

            assertThat(withEmptyRecord).isEqualTo(plain);
            assertThat(ids(plain)).noneMatch(id -> id.startsWith("probe:apiserver")
                    || id.equals("probe:control-plane-endpoint") || id.startsWith("kubeadm"));
        }
    }

    @Test
    void aWorkerNeverGetsAClusterKeyEvenWhenARecordReleasesThem() {
        Released keys = new Released(true, step("join"), INIT_TOKEN_ID, null, false, false);

        assertThatThrownBy(() -> compile("node4.internal", keys)).isInstanceOf(InvalidClusterException.class)
                .hasMessageContaining("spec.nodes[3].role")
                .hasMessageContaining("refusing to put the cluster CA and service-account keys into the catalog of"
                        + " node4.internal");
    }

    @Test
    void controlPlaneKeysAreSecret0600AndCertificates0644() {
        NodeCatalog catalog = compile("node2.internal", new Released(true, step("join"), INIT_TOKEN_ID, null, false,
                false));

        for (String key : List.of("ca.key", "front-proxy-ca.key", "etcd/ca.key", "sa.key")) {
            FileSpec file = (FileSpec) resource(catalog, "file:/etc/kubernetes/pki/" + key).spec();
            assertThat(file.isSecret()).as(key).isTrue();
            assertThat(file.mode()).as(key).isEqualTo("0600");
        }
        for (String certificate : List.of("ca.crt", "front-proxy-ca.crt", "etcd/ca.crt", "sa.pub")) {
            FileSpec file = (FileSpec) resource(catalog, "file:/etc/kubernetes/pki/" + certificate).spec();
            assertThat(file.isSecret()).as(certificate).isFalse();
            assertThat(file.mode()).as(certificate).isEqualTo("0644");
        }
        assertThat(resource(catalog, "kubeadm:node").dependsOn()).contains("file:/etc/kubernetes/pki/ca.key",
                "file:/etc/kubenode/kubeadm/discovery.conf", "file:/etc/kubenode/kubeadm/config.yaml");
    }

    @Test
    void initAndJoinWaitForTheFirewallWhichOpensTheirPorts() {
        NodeCatalog init = compile("node1.internal", new Released(true, step("init"), null, null, false, false));
        NodeCatalog worker = compile("node4.internal", new Released(false, step("join"), INIT_TOKEN_ID, null, false,
                false));

        assertThat(resource(init, "kubeadm:node").dependsOn()).contains("firewall:system");
        assertThat(resource(worker, "kubeadm:node").dependsOn()).contains("firewall:system");
    }

    @Test
    void theApiserverProbeComesWithAControlPlanesStepAndTheEndpointProbeOnlyWhenReleased() {
        NodeCatalog joining = compile("node2.internal", new Released(true, step("join"), INIT_TOKEN_ID, null, false,
                false));
        NodeCatalog resetting = compile("node2.internal", new Released(true, step("reset"), null, null, false,
                true));
        NodeCatalog worker = compile("node4.internal", new Released(false, step("join"), INIT_TOKEN_ID, null, false,
                true));

        assertThat(ids(joining)).contains("probe:apiserver", "probe:haproxy-apiserver")
                .doesNotContain("probe:control-plane-endpoint");
        assertThat(ids(resetting)).contains("probe:control-plane-endpoint").doesNotContain("probe:apiserver",
                "probe:haproxy-apiserver");
        assertThat(ids(worker)).contains("probe:control-plane-endpoint").doesNotContain("probe:apiserver",
                "probe:haproxy-apiserver");
    }

    /** The joining node's own server in its own haproxy, asked once haproxy runs. */
    @Test
    void theHaproxyProbeAsksTheNodesHaproxyAboutTheNodesOwnApiserver() {
        NodeCatalog joining = compile("node2.internal", new Released(true, step("join"), INIT_TOKEN_ID, null, false,
                false));

        CatalogResource probe = resource(joining, "probe:haproxy-apiserver");
        assertThat(probe.spec()).isEqualTo(ProbeSpec.haproxyServer("haproxy-apiserver", "/var/lib/haproxy/stats",
                "apiserver", "node2.internal", 5));
        assertThat(probe.dependsOn()).containsExactly("service:haproxy");
        String haproxyCfg = ((FileSpec) resource(joining, "file:/etc/haproxy/haproxy.cfg").spec()).content();
        assertThat(haproxyCfg).contains("    stats socket /var/lib/haproxy/stats mode 600 level user\n",
                "backend apiserver\n", "    server node2.internal ");
    }

    @Test
    void aResetRunsWithoutConfigAndDependsOnNothing() {
        NodeCatalog catalog = compile("node4.internal", new Released(false, step("reset"), null, null, false, false));

        CatalogResource reset = resource(catalog, "kubeadm:node");
        KubeadmSpec spec = (KubeadmSpec) reset.spec();
        assertThat(reset.dependsOn()).isEmpty();
        assertThat(spec.action()).isEqualTo(KubeadmSpec.RESET);
        assertThat(spec.configFile()).isNull();
        assertThat(spec.timeoutSeconds()).isEqualTo(OrchestrationBuilder.RESET_TIMEOUT_SECONDS);
        assertThat(spec.role()).isEqualTo(KubeadmSpec.WORKER);
    }

    @Test
    void anAbsentTokenIsDeletedWithoutItsSecretConfig() {
        OrchestrationRecord record = record(ClusterPhase.Ready, Map.of("node1.internal", node(NodePhase.Joined,
                new Released(true, step("init"), null, null, true, true))), new BootstrapToken("ghijkl",
                "node1.internal", "absent", "2026-12-04T03:15:00Z", OrchestrationFixtures.NOW));

        NodeCatalog catalog = compiler.compile(SEED, "node1.internal", null,
                new CompileOrchestration(record, new OrchestrationSecrets(OrchestrationFixtures.secrets().pki(),
                        Map.of())));

        KubeadmTokenSpec token = (KubeadmTokenSpec) resource(catalog, "kubeadmToken:ghijkl").spec();
        assertThat(token.state()).isEqualTo(KubeadmTokenSpec.ABSENT);
        assertThat(ids(catalog)).doesNotContain("file:" + OrchestrationBuilder.TOKEN_CONFIG_FILE);
    }

    @Test
    void aMissingSecretFailsNamingTheTokenNotItsValue() {
        OrchestrationRecord record = OrchestrationFixtures.initializing();

        assertThatThrownBy(() -> compiler.compile(SEED, "node1.internal", null, new CompileOrchestration(record,
                new OrchestrationSecrets(OrchestrationFixtures.secrets().pki(), Map.of()))))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("bootstrap token abcdef is needed for the init configuration of node1.internal but its"
                        + " secret was not provided");
    }
}
