package io.kubenode.controller.compiler;

import io.kubenode.common.catalog.ArchiveSpec;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogCompilerTest {
    private final CatalogCompiler compiler = new CatalogCompiler();

    @Test
    void sameDocumentGivesByteIdenticalCatalogs() {
        String first = Documents.toYaml(compiler.compileAll(SeedCluster.load()));
        String second = Documents.toYaml(compiler.compileAll(SeedCluster.parse(SeedCluster.exampleText())));
        assertThat(first).isEqualTo(second);
    }

    @Test
    void aChangeToOneNodeChangesOnlyThatNodesContentHash() {
        Map<String, String> before = hashes(SeedCluster.exampleText());
        Map<String, String> after = hashes(SeedCluster.exampleText().replace(
                "{name: node4.internal, address: 192.168.0.64, role: worker}",
                "{name: node4.internal, address: 192.168.0.64, role: worker, packages: [htop]}"));

        assertThat(after.get("node4.internal")).isNotEqualTo(before.get("node4.internal"));
        for (String node : List.of("node1.internal", "node2.internal", "node3.internal", "node5.internal")) {
            assertThat(after.get(node)).as(node).isEqualTo(before.get(node));
        }
    }

    @Test
    void aClusterWideChangeMovesEveryNodesContentHash() {
        Map<String, String> before = hashes(SeedCluster.exampleText());
        Map<String, String> after = hashes(SeedCluster.exampleText().replace("net.ipv4.ip_forward: \"1\"",
                "net.ipv4.ip_forward: \"1\"\n      vm.max_map_count: \"262144\""));

        before.forEach((node, hash) -> assertThat(after.get(node)).as(node).isNotEqualTo(hash));
    }

    @Test
    void catalogsComeInTheOrderOfSpecNodes() {
        assertThat(compiler.compileAll(SeedCluster.load())).extracting(catalog -> catalog.metadata().node())
                .containsExactly("node1.internal", "node2.internal", "node3.internal", "node4.internal",
                        "node5.internal");
    }

    @Test
    void aDebianNodeGetsAnAptRepositoryPinnedByChecksumAndNoSelinux() {
        String debian = SeedCluster.exampleText()
                .replace("gpgKey: https://pkgs.k8s.io/core:/stable:/v1.32/rpm/repodata/repomd.xml.key",
                        "gpgKey: https://pkgs.k8s.io/core:/stable:/v1.32/rpm/repodata/repomd.xml.key\n"
                                + "      apt: {baseUrl: \"https://pkgs.k8s.io/core:/stable:/v1.32/deb/\", gpgKey: "
                                + "\"https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key\", gpgKeySha256: "
                                + "\"" + "ab".repeat(32) + "\"}")
                .replace("{name: node5.internal, address: 192.168.0.65, role: worker}",
                        "{name: node5.internal, address: 192.168.0.65, role: worker, osFamily: debian}");

        NodeCatalog catalog = compiler.compile(SeedCluster.parse(debian), "node5.internal");

        Map<String, CatalogResource> byId = byId(catalog);
        assertThat(catalog.spec().osFamily()).isEqualTo(OsFamily.DEBIAN);
        assertThat(byId).containsKeys("archive:kubernetes-apt-key", "file:/etc/apt/sources.list.d/kubernetes.list",
                "file:/etc/apt/preferences.d/kubernetes").doesNotContainKeys("selinux:system",
                "file:/etc/yum.repos.d/kubernetes.repo");
        assertThat(((FileSpec) byId.get("file:/etc/apt/sources.list.d/kubernetes.list").spec()).content())
                .contains("deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.asc] "
                        + "https://pkgs.k8s.io/core:/stable:/v1.32/deb/ /");
        assertThat(((FileSpec) byId.get("file:/etc/apt/preferences.d/kubernetes").spec()).content())
                .contains("Package: kubelet kubeadm kubectl\nPin: version 1.32.2-*\nPin-Priority: 1001\n");
        PackageSpec kubelet = (PackageSpec) byId.get("package:kubelet").spec();
        assertThat(kubelet.version()).isEqualTo("1.32.2");
        assertThat(kubelet.repository()).isNull();
        assertThat(byId.get("package:kubelet").dependsOn()).contains("archive:kubernetes-apt-key");
    }

    @Test
    void aReportedOsFamilyWinsOverTheDocumentAndNeedsItsRepository() {
        assertThatThrownBy(() -> compiler.compile(SeedCluster.load(), "node4.internal", OsFamily.DEBIAN))
                .isInstanceOf(InvalidClusterException.class)
                .hasMessageContaining("spec.kubernetes.packageRepository.apt: required");
    }

    @Test
    void containerdTwoGetsConfigVersionThree() {
        String v2 = SeedCluster.exampleText().replace("version: 1.7.0", "version: 2.0.2")
                .replace("v1.7.0/containerd-1.7.0", "v2.0.2/containerd-2.0.2");

        FileSpec config = (FileSpec) byId(compiler.compile(SeedCluster.parse(v2), "node4.internal"))
                .get("file:/etc/containerd/config.toml").spec();

        assertThat(config.content()).contains("version = 3", "\"io.containerd.cri.v1.runtime\"",
                "SystemdCgroup = true", "sandbox = \"registry.k8s.io/pause:3.10\"");
    }

    @Test
    void aDeclaredArtifactSizeReachesTheCatalogAndAnUndeclaredOneStaysAbsent() {
        String sized = SeedCluster.exampleText().replace(
                "sha256: db772be63147a4e747b4fe286c7c16a2edc4a8458bd3092ea46aaee77750e8ce",
                "sha256: db772be63147a4e747b4fe286c7c16a2edc4a8458bd3092ea46aaee77750e8ce\n      size: 9431456");

        Map<String, CatalogResource> byId = byId(compiler.compile(SeedCluster.parse(sized), "node4.internal"));

        assertThat(((ArchiveSpec) byId.get("archive:runc").spec()).size()).isEqualTo(9_431_456L);
        assertThat(((ArchiveSpec) byId.get("archive:containerd").spec()).size()).isNull();
        assertThat(Documents.canonicalJson(byId.get("archive:containerd").spec())).doesNotContain("size");
    }

    @Test
    void cgroupfsIsRenderedForContainerdAndKubeletTogether() {
        String cgroupfs = SeedCluster.exampleText().replace("systemdCgroup: true", "systemdCgroup: false");

        Map<String, CatalogResource> byId = byId(compiler.compile(SeedCluster.parse(cgroupfs), "node1.internal"));

        assertThat(((FileSpec) byId.get("file:/etc/containerd/config.toml").spec()).content())
                .contains("SystemdCgroup = false");
        assertThat(((FileSpec) byId.get("file:/etc/kubenode/kubeadm/config.yaml").spec()).content())
                .contains("cgroupDriver: cgroupfs");
    }

    @Test
    void aSingleControlPlaneHasNoUnicastPeers() {
        String single = SeedCluster.exampleText()
                .replace("{name: node2.internal, address: 192.168.0.62, role: control-plane}",
                        "{name: node2.internal, address: 192.168.0.62, role: worker}")
                .replace("{name: node3.internal, address: 192.168.0.63, role: control-plane}",
                        "{name: node3.internal, address: 192.168.0.63, role: worker}");

        String conf = ((FileSpec) byId(compiler.compile(SeedCluster.parse(single), "node1.internal"))
                .get("file:/etc/keepalived/keepalived.conf").spec()).content();

        assertThat(conf).doesNotContain("unicast_peer").contains("priority 101");
    }

    @Test
    void theApiserverCheckRunsEveryThreeSecondsUnlessTheDocumentSaysOtherwise() {
        String every2s = SeedCluster.exampleText().replace("authPass: \"ZqSj#f1G\"",
                "authPass: \"ZqSj#f1G\", checkIntervalSeconds: 2");
        assertThat(every2s).isNotEqualTo(SeedCluster.exampleText());

        assertThat(keepalivedConf(SeedCluster.load())).contains("    interval 3\n");
        assertThat(keepalivedConf(SeedCluster.parse(every2s))).contains("    interval 2\n")
                .doesNotContain("interval 3");
    }

    private String keepalivedConf(Cluster cluster) {
        return ((FileSpec) byId(compiler.compile(cluster, "node1.internal"))
                .get("file:/etc/keepalived/keepalived.conf").spec()).content();
    }

    @Test
    void controlPlanePrioritiesFollowTheNodeOrder() {
        List<Integer> priorities = List.of("node1.internal", "node2.internal", "node3.internal").stream()
                .map(node -> ((FileSpec) byId(compiler.compile(SeedCluster.load(), node))
                        .get("file:/etc/keepalived/keepalived.conf").spec()).content())
                .map(conf -> Integer.parseInt(conf.replaceAll("(?s).*priority (\\d+).*", "$1")))
                .toList();
        assertThat(priorities).containsExactly(103, 102, 101);
    }

    @Test
    void initTrueMovesKubeadmInitAndTheCniManifest() {
        String initOnNode3 = SeedCluster.exampleText().replace(
                "{name: node3.internal, address: 192.168.0.63, role: control-plane}",
                "{name: node3.internal, address: 192.168.0.63, role: control-plane, init: true}");
        Map<String, NodeCatalog> catalogs = compiler.compileAll(SeedCluster.parse(initOnNode3)).stream()
                .collect(Collectors.toMap(catalog -> catalog.metadata().node(), Function.identity()));

        assertThat(kubeadmConfig(catalogs.get("node3.internal"))).contains("kind: InitConfiguration");
        assertThat(kubeadmConfig(catalogs.get("node1.internal"))).contains("kind: JoinConfiguration");
        assertThat(byId(catalogs.get("node3.internal"))).containsKey("archive:flannel-manifest");
        assertThat(byId(catalogs.get("node1.internal"))).doesNotContainKey("archive:flannel-manifest");
    }

    @Test
    void anInvalidDocumentIsNotCompiledAndSaysWhy() {
        String invalid = SeedCluster.exampleText().replace("address: 192.168.0.62", "address: 192.168.0.61");

        assertThatThrownBy(() -> compiler.compileAll(SeedCluster.parse(invalid)))
                .isInstanceOf(InvalidClusterException.class)
                .hasMessageContaining("spec.nodes[1].address: duplicate address 192.168.0.61");
    }

    @Test
    void anUnknownNodeIsRefused() {
        assertThatThrownBy(() -> compiler.compile(SeedCluster.load(), "node9.internal"))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("node9.internal");
    }

    @Test
    void everyCatalogPassesTheStructuralChecksAndRoundTrips() {
        for (NodeCatalog catalog : compiler.compileAll(SeedCluster.load())) {
            String yaml = Documents.toYaml(catalog);
            NodeCatalog read = SeedCluster.readCatalog(yaml);
            assertThat(read).isEqualTo(catalog);
            assertThat(read.metadata().contentHash()).isEqualTo(NodeCatalog.of("lab", catalog.metadata().node(), 0,
                    read.spec()).metadata().contentHash());
        }
    }

    private static String kubeadmConfig(NodeCatalog catalog) {
        return ((FileSpec) byId(catalog).get("file:/etc/kubenode/kubeadm/config.yaml").spec()).content();
    }

    private Map<String, String> hashes(String document) {
        return compiler.compileAll(SeedCluster.parse(document)).stream().collect(Collectors.toMap(
                catalog -> catalog.metadata().node(), catalog -> catalog.metadata().contentHash()));
    }

    private static Map<String, CatalogResource> byId(NodeCatalog catalog) {
        return catalog.spec().resources().stream().collect(Collectors.toMap(CatalogResource::id,
                Function.identity()));
    }
}
