package io.kubenode.controller.compiler.departure;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.ClusterNodeSpec;
import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.EtcdMemberSpec;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.DepartureStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.NOW;
import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.compile;
import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.node;
import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.record;
import static io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a departure puts in the catalogs: the executor's one resource per step, and the leaving control plane's own
 * catalog (keepalived and haproxy stopped, no step or cluster key, then kubeadm reset). The leaving node is compiled
 * from the seed (the last revision that named it); the executor from the same document here.
 */
class DepartureBuilderTest {
    private static final Cluster SEED = SeedCluster.load();
    private static final String LEAVING = "node3.internal";
    private final CatalogCompiler compiler = new CatalogCompiler();

    @Test
    void theExecutorHoldsExactlyTheResourceOfTheCurrentStep() {
        assertThat(departureResources(executorCatalog(DepartureStep.Draining)))
                .containsExactly(new DrainSpec(LEAVING, true, "/etc/kubernetes/admin.conf", 300));
        assertThat(departureResources(executorCatalog(DepartureStep.RemovingMember)))
                .containsExactly(new EtcdMemberSpec(LEAVING, "https://192.168.0.63:2380",
                        "https://192.168.0.61:2379", "/etc/kubernetes/pki/etcd/ca.crt",
                        "/etc/kubernetes/pki/etcd/healthcheck-client.crt",
                        "/etc/kubernetes/pki/etcd/healthcheck-client.key", EtcdMemberSpec.ABSENT));
        assertThat(departureResources(executorCatalog(DepartureStep.Resetting))).isEmpty();
        assertThat(departureResources(executorCatalog(DepartureStep.DeletingNode)))
                .containsExactly(new ClusterNodeSpec(LEAVING, "/etc/kubernetes/admin.conf", ClusterNodeSpec.ABSENT));
    }

    @Test
    void theExecutorsStepsWaitForItsOwnKubeadmStep() {
        CatalogResource member = executorCatalog(DepartureStep.RemovingMember).spec().resources().stream()
                .filter(each -> each.id().equals("etcdMember:" + LEAVING)).findFirst().orElseThrow();

        assertThat(member.dependsOn()).containsExactly("kubeadm:node");
    }

    @Test
    void aLeavingControlPlaneStopsKeepalivedAndHaproxyAndHoldsNoStepOrClusterKeyUntilItsReset() {
        NodeCatalog draining = compiler.compile(SEED, LEAVING, null, compile(recordWith(DepartureStep.Draining)));

        assertThat(spec(draining, "service:keepalived")).isEqualTo(new ServiceSpec("keepalived", false,
                ServiceSpec.STOPPED));
        assertThat(spec(draining, "service:haproxy")).isEqualTo(new ServiceSpec("haproxy", false,
                ServiceSpec.STOPPED));
        assertThat(ids(draining)).noneMatch(id -> id.startsWith("kubeadm:") || id.startsWith("file:/etc/kubernetes/pki")
                || id.startsWith("probe:apiserver") || id.equals("probe:control-plane-endpoint"));

        NodeCatalog resetting = compiler.compile(SEED, LEAVING, null, compile(recordWith(DepartureStep.Resetting)));
        KubeadmSpec reset = (KubeadmSpec) spec(resetting, "kubeadm:node");
        assertThat(reset.action()).isEqualTo(KubeadmSpec.RESET);
        assertThat(ids(resetting)).noneMatch(id -> id.startsWith("file:/etc/kubernetes/pki"));
        assertThat(spec(resetting, "service:keepalived")).isEqualTo(spec(draining, "service:keepalived"));
    }

    @Test
    void theOtherControlPlanesAndWorkersGetNothingOfADeparture() {
        OrchestrationRecord record = recordWith(DepartureStep.RemovingMember);
        for (String other : List.of("node2.internal", "node4.internal")) {
            assertThat(departureResources(compiler.compile(SEED, other, null, compile(record)))).as(other).isEmpty();
        }
    }

    private NodeCatalog executorCatalog(DepartureStep step) {
        return compiler.compile(SEED, "node1.internal", null, compile(recordWith(step)));
    }

    private static OrchestrationRecord recordWith(DepartureStep step) {
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        Released joined = new Released(true, step("join"), null, null, false, true);
        for (String name : List.of("node1.internal", "node2.internal")) {
            NodeRecord node = node(NodePhase.Ready, joined);
            nodes.put(name, new NodeRecord(node.phase(), NOW, "ready", joined, 1, null, null, NOW));
        }
        NodeSpec leaving = SEED.spec().nodes().stream().filter(each -> each.name().equals(LEAVING)).findFirst()
                .orElseThrow();
        Departure departure = new Departure(leaving, 1, NOW, step, NOW, "node1.internal", "released");
        return record(ClusterPhase.Ready, nodes, null).withDepartures(Map.of(LEAVING, departure));
    }

    private static List<Object> departureResources(NodeCatalog catalog) {
        return catalog.spec().resources().stream().map(CatalogResource::spec)
                .filter(spec -> spec instanceof DrainSpec || spec instanceof EtcdMemberSpec
                        || spec instanceof ClusterNodeSpec).map(Object.class::cast).toList();
    }

    private static List<String> ids(NodeCatalog catalog) {
        return catalog.spec().resources().stream().map(CatalogResource::id).toList();
    }

    private static Object spec(NodeCatalog catalog, String id) {
        return catalog.spec().resources().stream().filter(each -> each.id().equals(id)).findFirst().orElseThrow()
                .spec();
    }
}
