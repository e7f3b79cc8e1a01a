package io.kubenode.controller.compiler.firewall;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FirewallSpec;
import io.kubenode.common.catalog.FirewallSpec.ProtocolFromSources;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall of the seed cluster's nodes, compared as sets: exactly what each role needs is opened, nothing else
 * (the "the catalog of a seed node opens exactly the listed ports"), and what the document changes moves it.
 */
class FirewallCatalogTest {
    /** kubeadm's control-plane list with the seed's apiserver port, haproxy's frontend 8888, and flannel's VXLAN. */
    static final List<String> SEED_CONTROL_PLANE = List.of("6443/tcp", "8888/tcp", "2379-2380/tcp", "10250/tcp",
            "10259/tcp", "10257/tcp", "8472/udp");
    /** kubeadm's worker list (kubelet, kube-proxy's health port, NodePorts) and flannel's VXLAN. */
    static final List<String> SEED_WORKER = List.of("10250/tcp", "10256/tcp", "30000-32767/tcp", "8472/udp");
    private static final String HOST_PACKAGES = "    packages: [curl, wget, gnupg, sudo, iptables]\n";
    private static final String NODE4 = "{name: node4.internal, address: 192.168.0.64, role: worker}";

    private final CatalogCompiler compiler = new CatalogCompiler();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "node1.internal, 192.168.0.61, 192.168.0.62 192.168.0.63",
            "node2.internal, 192.168.0.62, 192.168.0.61 192.168.0.63",
            "node3.internal, 192.168.0.63, 192.168.0.61 192.168.0.62"})
    void aSeedControlPlaneOpensExactlyItsPortsAndVrrpFromTheOtherControlPlanes(String node, String address,
                                                                                String peers) {
        FirewallSpec firewall = firewallOf(compiler.compile(SeedCluster.load(), node)).orElseThrow();

        assertThat(firewall.ports()).containsExactlyInAnyOrderElementsOf(SEED_CONTROL_PLANE).doesNotHaveDuplicates();
        assertThat(firewall.protocolSourcesOrEmpty()).containsExactly(
                new ProtocolFromSources("vrrp", List.of(peers.split(" "))));
        assertThat(firewall.mode()).isEqualTo(FirewallSpec.AUTO);
        assertThat(firewall.address()).isEqualTo(address);
        assertThat(firewall.zone()).as("the zone of the interface holding the address").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"node4.internal, 192.168.0.64", "node5.internal, 192.168.0.65"})
    void aSeedWorkerOpensExactlyItsPortsAndNoProtocol(String node, String address) {
        FirewallSpec firewall = firewallOf(compiler.compile(SeedCluster.load(), node)).orElseThrow();

        assertThat(firewall.ports()).containsExactlyInAnyOrderElementsOf(SEED_WORKER).doesNotHaveDuplicates();
        assertThat(firewall.protocolSourcesOrEmpty()).isEmpty();
        assertThat(firewall.address()).isEqualTo(address);
    }

    @Test
    void firewallNoneLeavesTheFirewallOutAndNothingDependsOnIt() {
        NodeCatalog catalog = compiler.compile(withHost("    firewall: none\n"), "node1.internal");

        assertThat(firewallOf(catalog)).isEmpty();
        assertThat(catalog.spec().resources()).flatExtracting(CatalogResource::dependsOn)
                .doesNotContain(FirewallBuilder.ID);
    }

    @Test
    void firewallFirewalldAsksTheAgentToRequireARunningFirewalld() {
        assertThat(firewallOf(compiler.compile(withHost("    firewall: firewalld\n"), "node4.internal"))
                .orElseThrow().mode()).isEqualTo(FirewallSpec.FIREWALLD);
    }

    @Test
    void nodePortsFalseKeepsTheNodePortRangeClosedOnWorkers() {
        FirewallSpec firewall = firewallOf(compiler.compile(withHost("    nodePorts: false\n"), "node4.internal"))
                .orElseThrow();

        assertThat(firewall.ports()).containsExactlyInAnyOrder("10250/tcp", "10256/tcp", "8472/udp");
    }

    @Test
    void extraPortsOfTheClusterAndTheNodeAreAddedOnceAfterTheRolesPorts() {
        String text = SeedCluster.exampleText()
                .replace(HOST_PACKAGES, HOST_PACKAGES + "    extraPorts: [9100/tcp, 10250/tcp]\n")
                .replace(NODE4, NODE4.replace("}", ", extraPorts: [443/tcp, 80/tcp, 9100/tcp]}"));
        NodeCatalog worker = compiler.compile(SeedCluster.parse(text), "node4.internal");
        NodeCatalog otherWorker = compiler.compile(SeedCluster.parse(text), "node5.internal");

        assertThat(firewallOf(worker).orElseThrow().ports()).containsExactly("10250/tcp", "10256/tcp",
                "30000-32767/tcp", "8472/udp", "9100/tcp", "443/tcp", "80/tcp");
        assertThat(firewallOf(otherWorker).orElseThrow().ports()).containsExactly("10250/tcp", "10256/tcp",
                "30000-32767/tcp", "8472/udp", "9100/tcp");
    }

    @Test
    void aMovedApiServerPortIsOpenedInsteadOf6443() {
        FirewallSpec firewall = firewallOf(compiler.compile(SeedCluster.parse(SeedCluster.exampleText()
                .replace("haproxy: {apiServerPort: 6443}", "haproxy: {apiServerPort: 7443}")), "node2.internal"))
                .orElseThrow();

        assertThat(firewall.ports()).contains("7443/tcp", "8888/tcp").doesNotContain("6443/tcp");
    }

    @Test
    void withoutTheLoadBalancerNeitherHaproxysPortNorVrrpIsOpened() {
        String text = SeedCluster.exampleText().replaceAll(
                "  loadBalancer:\n    keepalived: \\{[^}]*}\n    haproxy: \\{apiServerPort: 6443}\n", "");
        assertThat(text).doesNotContain("loadBalancer");
        FirewallSpec firewall = firewallOf(compiler.compile(SeedCluster.parse(text), "node1.internal"))
                .orElseThrow();

        assertThat(firewall.ports()).containsExactlyInAnyOrder("6443/tcp", "2379-2380/tcp", "10250/tcp",
                "10259/tcp", "10257/tcp", "8472/udp");
        assertThat(firewall.protocolSources()).isNull();
    }

    @Test
    void aSingleControlPlaneHasNoPeerToAcceptVrrpFrom() {
        String text = SeedCluster.exampleText()
                .replace("  - {name: node2.internal, address: 192.168.0.62, role: control-plane}\n", "")
                .replace("  - {name: node3.internal, address: 192.168.0.63, role: control-plane}\n", "");
        FirewallSpec firewall = firewallOf(compiler.compile(SeedCluster.parse(text), "node1.internal"))
                .orElseThrow();

        assertThat(firewall.protocolSources()).isNull();
        assertThat(firewall.ports()).contains("8888/tcp");
    }

    @Test
    void keepalivedAndHaproxyStartOnlyAfterTheFirewall() {
        NodeCatalog catalog = compiler.compile(SeedCluster.load(), "node2.internal");

        assertThat(resource(catalog, "service:keepalived").dependsOn()).contains(FirewallBuilder.ID);
        assertThat(resource(catalog, "service:haproxy").dependsOn()).contains(FirewallBuilder.ID);
        List<String> ids = catalog.spec().resources().stream().map(CatalogResource::id).toList();
        assertThat(ids.indexOf(FirewallBuilder.ID)).isLessThan(ids.indexOf("service:keepalived"));
    }

    static Optional<FirewallSpec> firewallOf(NodeCatalog catalog) {
        return catalog.spec().resources().stream().map(CatalogResource::spec)
                .filter(FirewallSpec.class::isInstance).map(FirewallSpec.class::cast).findFirst();
    }

    private static CatalogResource resource(NodeCatalog catalog, String id) {
        return catalog.spec().resources().stream().filter(each -> each.id().equals(id)).findFirst().orElseThrow();
    }

    private static io.kubenode.common.cluster.Cluster withHost(String line) {
        String text = SeedCluster.exampleText();
        assertThat(text).contains(HOST_PACKAGES);
        return SeedCluster.parse(text.replace(HOST_PACKAGES, HOST_PACKAGES + line)
                .replace("    firewall: auto ", "    # firewall: auto "));
    }
}
