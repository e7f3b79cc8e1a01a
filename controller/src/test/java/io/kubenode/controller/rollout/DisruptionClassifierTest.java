package io.kubenode.controller.rollout;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which services an edit of the seed cluster restarts on which node: compiled catalogs before and after. */
class DisruptionClassifierTest {
    private static final String CONTROL_PLANE = "node2.internal";
    private static final String WORKER = "node4.internal";

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("haproxy's backend port: haproxy restarts on control planes only",
                        "haproxy: {apiServerPort: 6443}", "haproxy: {apiServerPort: 6444}",
                        Map.of("service:haproxy", List.of("file:/etc/haproxy/haproxy.cfg")), Map.of()),
                Arguments.of("keepalived's password: keepalived restarts on control planes only",
                        "authPass: \"ZqSj#f1G\"", "authPass: \"Xk2#pQ7w\"",
                        Map.of("service:keepalived", List.of("file:/etc/keepalived/keepalived.conf")), Map.of()),
                Arguments.of("keepalived's check interval: keepalived restarts on control planes only",
                        "authPass: \"ZqSj#f1G\"", "authPass: \"ZqSj#f1G\", checkIntervalSeconds: 2",
                        Map.of("service:keepalived", List.of("file:/etc/keepalived/keepalived.conf")), Map.of()),
                Arguments.of("containerd's cgroup driver: containerd restarts everywhere",
                        "systemdCgroup: true", "systemdCgroup: false",
                        Map.of("service:containerd", List.of("file:/etc/containerd/config.toml")),
                        Map.of("service:containerd", List.of("file:/etc/containerd/config.toml"))),
                Arguments.of("a Kubernetes upgrade: the kubelet package's upgrade restarts the kubelet everywhere",
                        "version: 1.32.2 ", "version: 1.32.3 ",
                        Map.of("service:kubelet", List.of("package:kubelet")),
                        Map.of("service:kubelet", List.of("package:kubelet"))),
                Arguments.of("one more host package restarts nothing",
                        "packages: [curl, wget, gnupg, sudo, iptables]",
                        "packages: [curl, wget, gnupg, sudo, iptables, jq]", Map.of(), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void anEditRestartsWhatItsChangedResourcesNotifyOrDependOn(String edit, String from, String to,
                                                               Map<String, List<String>> controlPlane,
                                                               Map<String, List<String>> worker) {
        String before = SeedCluster.exampleText();
        assertThat(before).as("the seed document holds " + from).contains(from);
        String after = before.replace(from, to);

        assertThat(classify(before, after, CONTROL_PLANE).restarts()).isEqualTo(controlPlane);
        assertThat(classify(before, after, WORKER).restarts()).isEqualTo(worker);
        assertThat(classify(before, after, WORKER).disruptive()).isEqualTo(!worker.isEmpty());
    }

    @Test
    void theSameCatalogAndANodesFirstCatalogInterruptNothing() {
        NodeCatalog.Spec catalog = compile(SeedCluster.exampleText(), CONTROL_PLANE);

        assertThat(DisruptionClassifier.classify(catalog, catalog).disruptive()).isFalse();
        assertThat(DisruptionClassifier.classify(null, catalog).disruptive()).as("nothing of it runs yet").isFalse();
    }

    @Test
    void aServiceTurnedToStoppedIsAStopAndANewResourceIsNoRestart() {
        NodeCatalog.Spec before = compile(SeedCluster.exampleText(), CONTROL_PLANE);
        List<CatalogResource> resources = new ArrayList<>();
        for (CatalogResource resource : before.resources()) {
            if (resource.id().equals("service:haproxy")) {
                resources.add(new CatalogResource(resource.id(), resource.dependsOn(), resource.notifies(),
                        new ServiceSpec("haproxy", false, ServiceSpec.STOPPED)));
            } else {
                resources.add(resource);
            }
        }
        resources.add(new CatalogResource("file:/etc/motd", List.of(), List.of("service:keepalived"),
                new io.kubenode.common.catalog.FileSpec("/etc/motd", "hello\n", null, null, null, null, null)));
        NodeCatalog.Spec after = new NodeCatalog.Spec(before.role(), before.osFamily(), resources);

        Disruption disruption = DisruptionClassifier.classify(before, after);

        assertThat(disruption.stops()).containsExactly("service:haproxy");
        assertThat(disruption.restarts()).as("a resource new to the node starts things, it interrupts nothing")
                .isEmpty();
    }

    @Test
    void theOrchestrationsOwnStepsAreNotRolled() {
        NodeCatalog.Spec before = compile(SeedCluster.exampleText(), CONTROL_PLANE);
        List<CatalogResource> withStep = new ArrayList<>(before.resources());
        CatalogResource step = new CatalogResource("kubeadm:join", List.of(), List.of("service:kubelet"), join(600));
        withStep.add(step);
        NodeCatalog.Spec first = new NodeCatalog.Spec(before.role(), before.osFamily(), withStep);
        List<CatalogResource> changedStep = new ArrayList<>(before.resources());
        changedStep.add(new CatalogResource(step.id(), List.of(), step.notifies(), join(900)));
        NodeCatalog.Spec second = new NodeCatalog.Spec(before.role(), before.osFamily(), changedStep);

        assertThat(DisruptionClassifier.classify(first, second).disruptive()).isFalse();
    }

    private static KubeadmSpec join(int timeoutSeconds) {
        return new KubeadmSpec("join", "join", "worker", "/etc/kubenode/kubeadm/join.yaml", 1, timeoutSeconds, null,
                null, null, List.of());
    }

    private static Disruption classify(String before, String after, String node) {
        return DisruptionClassifier.classify(compile(before, node), compile(after, node));
    }

    private static NodeCatalog.Spec compile(String document, String node) {
        return new CatalogCompiler().compile(SeedCluster.parse(document), node).spec();
    }
}
