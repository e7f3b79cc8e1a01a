package io.kubenode.controller.compiler;

import io.kubenode.common.catalog.ArchiveSpec;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.HostnameSpec;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.SelinuxSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.cluster.Cluster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks the table of DESIGN.md section 2: every step the seed guide does by hand is a resource in the catalogs
 * of the nodes it applies to (and absent where it does not apply).
 */
class SeedStepsTest {
    private final Cluster cluster = SeedCluster.load();
    private final Map<String, NodeCatalog> catalogs = new CatalogCompiler().compileAll(cluster).stream()
            .collect(Collectors.toMap(catalog -> catalog.metadata().node(), catalog -> catalog));
    private final List<String> all = List.of("node1.internal", "node2.internal", "node3.internal", "node4.internal",
            "node5.internal");
    private final List<String> controlPlanes = all.subList(0, 3);
    private final List<String> workers = all.subList(3, 5);

    @Test
    void hostnamectlSetHostnameIsAHostnameResource() {
        for (String node : all) {
            assertThat(spec(node, "hostname:system", HostnameSpec.class).hostname()).isEqualTo(node);
        }
    }

    @Test
    void overwritingEtcHostsIsAManagedBlockWithEveryNodeAndTheEndpointName() {
        for (String node : all) {
            String block = spec(node, "managedBlock:/etc/hosts", ManagedBlockSpec.class).content();
            assertThat(block).contains("192.168.0.61 node1.internal node1", "192.168.0.65 node5.internal node5",
                    "192.168.0.66 k8s-cp.internal");
        }
    }

    @Test
    void dnfInstallOfToolsAndLoadBalancerDaemonsArePackageResources() {
        for (String node : all) {
            for (String name : List.of("curl", "wget", "gnupg", "sudo", "iptables")) {
                assertThat(resource(node, "package:" + name)).as(node + " " + name).isPresent();
            }
        }
        assertThat(resource("node1.internal", "package:tmux")).isPresent();
        assertThat(resource("node2.internal", "package:tmux")).isEmpty();
        everywhere(controlPlanes, "package:keepalived", "package:haproxy");
        nowhere(workers, "package:keepalived", "package:haproxy");
    }

    @Test
    void modulesLoadDAndModprobeAreKernelModuleResourcesAndAPersistedFile() {
        for (String node : all) {
            assertThat(spec(node, "kernelModule:overlay", KernelModuleSpec.class).name()).isEqualTo("overlay");
            assertThat(spec(node, "kernelModule:br_netfilter", KernelModuleSpec.class).name())
                    .isEqualTo("br_netfilter");
            assertThat(spec(node, "file:/etc/modules-load.d/k8s.conf", FileSpec.class).content())
                    .contains("\noverlay\nbr_netfilter\n");
        }
    }

    @Test
    void sysctlDAndSysctlFAreSysctlResourcesAndAPersistedFile() {
        for (String node : all) {
            for (String key : List.of("net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables",
                    "net.ipv4.ip_forward")) {
                assertThat(spec(node, "sysctl:" + key, SysctlSpec.class).value()).isEqualTo("1");
                assertThat(spec(node, "file:/etc/sysctl.d/99-kubernetes.conf", FileSpec.class).content())
                        .contains(key + " = 1\n");
            }
            assertThat(resource(node, "sysctl:net.bridge.bridge-nf-call-iptables").orElseThrow().dependsOn())
                    .containsExactly("kernelModule:br_netfilter");
        }
    }

    @Test
    void swapoffAndFstabEditIsASwapResource() {
        for (String node : all) {
            assertThat(spec(node, "swap:system", SwapSpec.class).enabled()).isFalse();
        }
    }

    @Test
    void setenforceAndSelinuxConfigIsASelinuxResource() {
        for (String node : all) {
            assertThat(spec(node, "selinux:system", SelinuxSpec.class).mode()).isEqualTo("permissive");
        }
    }

    @Test
    void kubernetesRepoWithExcludeAndDisableexcludesInstallArePinnedPackages() {
        for (String node : all) {
            assertThat(spec(node, "file:/etc/yum.repos.d/kubernetes.repo", FileSpec.class).content())
                    .contains("baseurl=https://pkgs.k8s.io/core:/stable:/v1.32/rpm/\n",
                            "exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni\n", "gpgcheck=1\n");
            for (String name : List.of("kubelet", "kubeadm", "kubectl")) {
                PackageSpec pkg = spec(node, "package:" + name, PackageSpec.class);
                assertThat(pkg.version()).isEqualTo("1.32.2");
                assertThat(pkg.repository()).isEqualTo("kubernetes");
            }
        }
    }

    @Test
    void systemctlEnableKubeletIsAServiceResource() {
        for (String node : all) {
            assertThat(spec(node, "service:kubelet", ServiceSpec.class).enabled()).isTrue();
        }
    }

    @Test
    void containerdRuncAndCniDownloadsAreVerifiedArchivesWithRenderedConfigUnitServiceAndProbe() {
        for (String node : all) {
            ArchiveSpec containerd = spec(node, "archive:containerd", ArchiveSpec.class);
            assertThat(containerd.sha256()).isEqualTo(
                    "b068b05d58025dc9f2fc336674cac0e377a478930f29b48e068f97c783a423f0");
            assertThat(containerd.destination()).isEqualTo("/usr/local");
            assertThat(spec(node, "archive:runc", ArchiveSpec.class).destination()).isEqualTo("/usr/local/sbin/runc");
            assertThat(spec(node, "archive:cni-plugins", ArchiveSpec.class).destination()).isEqualTo("/opt/cni/bin");
            assertThat(spec(node, "file:/etc/containerd/config.toml", FileSpec.class).content())
                    .contains("SystemdCgroup = true");
            assertThat(spec(node, "file:/etc/systemd/system/containerd.service", FileSpec.class).content())
                    .contains("ExecStart=/usr/local/bin/containerd");
            ServiceSpec service = spec(node, "service:containerd", ServiceSpec.class);
            assertThat(service.enabled()).isTrue();
            assertThat(service.state()).isEqualTo("running");
            assertThat(resource(node, "file:/etc/containerd/config.toml").orElseThrow().notifies())
                    .containsExactly("service:containerd");
            assertThat(spec(node, "probe:containerd-cri", ProbeSpec.class).check()).isEqualTo(ProbeSpec.CRI_SOCKET);
        }
    }

    @Test
    void keepalivedAndHaproxyConfigsAreRenderedOnControlPlanesOnly() {
        for (String node : controlPlanes) {
            assertThat(spec(node, "file:/etc/keepalived/keepalived.conf", FileSpec.class).content())
                    .contains("192.168.0.66/32 dev eth1", "virtual_router_id 5");
            assertThat(spec(node, "file:/etc/keepalived/check_apiserver.sh", FileSpec.class).mode()).isEqualTo("0755");
            String haproxy = spec(node, "file:/etc/haproxy/haproxy.cfg", FileSpec.class).content();
            assertThat(haproxy).contains("bind *:8888", "balance roundrobin", "http-check connect ssl",
                    "http-check send meth GET uri /healthz", "server node3.internal 192.168.0.63:6443 check");
            assertThat(haproxy).doesNotContain("ssl-hello-chk");
            everywhere(List.of(node), "service:keepalived", "service:haproxy");
        }
        nowhere(workers, "file:/etc/keepalived/keepalived.conf", "file:/etc/haproxy/haproxy.cfg",
                "service:keepalived", "service:haproxy");
    }

    @Test
    void kubeadmInitAndJoinAreConfigurationFilesInTheRightRoles() {
        String init = spec("node1.internal", "file:/etc/kubenode/kubeadm/config.yaml", FileSpec.class).content();
        assertThat(init).contains("kind: InitConfiguration", "kind: ClusterConfiguration",
                "controlPlaneEndpoint: k8s-cp.internal:8888", "podSubnet: 10.244.0.0/16",
                "advertiseAddress: 192.168.0.61", "name: node1.internal", "cgroupDriver: systemd");
        for (String node : List.of("node2.internal", "node3.internal")) {
            String join = spec(node, "file:/etc/kubenode/kubeadm/config.yaml", FileSpec.class).content();
            assertThat(join).contains("kind: JoinConfiguration", "controlPlane:", "name: " + node);
        }
        for (String node : workers) {
            String join = spec(node, "file:/etc/kubenode/kubeadm/config.yaml", FileSpec.class).content();
            assertThat(join).contains("kind: JoinConfiguration", "name: " + node).doesNotContain("controlPlane:");
        }
    }

    @Test
    void kubeconfigInEtcEnvironmentIsAProfileSnippetOnControlPlanes() {
        everywhere(controlPlanes, "file:/etc/profile.d/kubenode-kubeconfig.sh");
        nowhere(workers, "file:/etc/profile.d/kubenode-kubeconfig.sh");
        assertThat(catalogs.values()).allSatisfy(catalog -> assertThat(catalog.spec().resources())
                .noneMatch(resource -> resource.id().equals("file:/etc/environment")));
    }

    @Test
    void flannelFromMasterIsAPinnedManifestOnTheInitNodeOnly() {
        assertThat(spec("node1.internal", "archive:flannel-manifest", ArchiveSpec.class).url())
                .contains("/v0.26.4/kube-flannel.yml");
        nowhere(all.subList(1, 5), "archive:flannel-manifest");
    }

    /** The probes come with the orchestrator's release: none before, and once every node joined, these. */
    @Test
    void checksByEyeAreHealthProbes() {
        nowhere(all, "probe:apiserver", "probe:haproxy-apiserver", "probe:control-plane-endpoint");

        java.util.Map<String, io.kubenode.controller.orchestration.NodeRecord> joined = new java.util.LinkedHashMap<>();
        for (String node : all) {
            boolean controlPlane = controlPlanes.contains(node);
            joined.put(node, io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.node(
                    io.kubenode.controller.orchestration.NodePhase.Joined,
                    new io.kubenode.controller.orchestration.Released(controlPlane,
                            io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.step(
                                    node.equals("node1.internal") ? "init" : "join"),
                            node.equals("node1.internal") ? null : "abcdef", null, false, true)));
        }
        catalogs.clear();
        new CatalogCompiler().compileAll(cluster, io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures
                .compile(io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures.record(
                        io.kubenode.controller.orchestration.ClusterPhase.Verifying, joined, null)))
                .forEach(catalog -> catalogs.put(catalog.metadata().node(), catalog));

        everywhere(controlPlanes, "probe:apiserver", "probe:haproxy-apiserver");
        everywhere(all, "probe:control-plane-endpoint");
        nowhere(workers, "probe:apiserver", "probe:haproxy-apiserver");
    }

    private void everywhere(List<String> nodes, String... ids) {
        for (String node : nodes) {
            for (String id : ids) {
                assertThat(resource(node, id)).as(node + " has " + id).isPresent();
            }
        }
    }

    private void nowhere(List<String> nodes, String... ids) {
        for (String node : nodes) {
            for (String id : ids) {
                assertThat(resource(node, id)).as(node + " has no " + id).isEmpty();
            }
        }
    }

    private Optional<CatalogResource> resource(String node, String id) {
        return catalogs.get(node).spec().resources().stream().filter(matches(id)).findFirst();
    }

    private <T> T spec(String node, String id, Class<T> type) {
        return type.cast(resource(node, id).orElseThrow(() -> new AssertionError(node + " has no " + id)).spec());
    }

    private static Predicate<CatalogResource> matches(String id) {
        return resource -> resource.id().equals(id);
    }
}
