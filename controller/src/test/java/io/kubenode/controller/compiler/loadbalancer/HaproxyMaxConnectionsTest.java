package io.kubenode.controller.compiler.loadbalancer;

import io.kubenode.common.catalog.FileSpec;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.rollout.DisruptionClassifier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spec.loadBalancer.haproxy.maxConnections}: haproxy's global maxconn on every control plane (4000 unless
 * set), a change of it restarts haproxy there and nothing on workers.
 */
class HaproxyMaxConnectionsTest {
    private static final String SEED_HAPROXY = "haproxy: {apiServerPort: 6443}";
    private static final String RAISED = "haproxy: {apiServerPort: 6443, maxConnections: 20000}";

    @Test
    void unsetIsTheFormerFixedLimitAndASetOneIsRendered() {
        assertThat(SeedCluster.exampleText()).contains(SEED_HAPROXY);

        assertThat(haproxyCfg(SeedCluster.exampleText(), "node1.internal")).contains("    maxconn 4000\n");
        assertThat(haproxyCfg(SeedCluster.exampleText().replace(SEED_HAPROXY, RAISED), "node3.internal"))
                .contains("    maxconn 20000\n").doesNotContain("maxconn 4000");
    }

    @Test
    void aChangeRestartsHaproxyOnControlPlanesOnly() {
        String before = SeedCluster.exampleText();
        String after = before.replace(SEED_HAPROXY, RAISED);
        CatalogCompiler compiler = new CatalogCompiler();

        assertThat(DisruptionClassifier.classify(compiler.compile(SeedCluster.parse(before), "node2.internal").spec(),
                compiler.compile(SeedCluster.parse(after), "node2.internal").spec()).restarts())
                .isEqualTo(Map.of("service:haproxy", List.of("file:/etc/haproxy/haproxy.cfg")));
        assertThat(DisruptionClassifier.classify(compiler.compile(SeedCluster.parse(before), "node4.internal").spec(),
                compiler.compile(SeedCluster.parse(after), "node4.internal").spec()).disruptive()).isFalse();
    }

    private static String haproxyCfg(String document, String node) {
        return new CatalogCompiler().compile(SeedCluster.parse(document), node).spec().resources().stream()
                .filter(resource -> resource.id().equals("file:" + LoadBalancerBuilder.HAPROXY_CFG))
                .map(resource -> ((FileSpec) resource.spec()).content()).findFirst().orElseThrow();
    }
}
