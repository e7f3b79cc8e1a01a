package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator reads kubeadm v1beta4 configs strictly, and reads what the controller compiles today. */
class KubeadmConfigReaderTest {
    private static final String CONFIG = "/etc/kubenode/kubeadm/config.yaml";
    private static final String INIT = """
            # header comment
            ---
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: InitConfiguration
            bootstrapTokens:
            - token: abcdef.0123456789abcdef
              ttl: 900s
              usages: [signing, authentication]
              groups: [system:bootstrappers:kubeadm:default-node-token]
            localAPIEndpoint:
              advertiseAddress: 127.0.1.10
              bindPort: 16443
            nodeRegistration:
              name: node1.internal
              criSocket: unix:///run/containerd/containerd.sock
              kubeletExtraArgs:
              - name: node-ip
                value: 127.0.1.10
            ---
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: ClusterConfiguration
            clusterName: lab
            kubernetesVersion: v1.32.2
            controlPlaneEndpoint: k8s-cp.internal:8888
            networking:
              podSubnet: 10.244.0.0/16
              serviceSubnet: 10.96.0.0/12
            apiServer:
              certSANs: [k8s-cp.internal, 192.168.0.66]
            ---
            apiVersion: kubelet.config.k8s.io/v1beta1
            kind: KubeletConfiguration
            cgroupDriver: systemd
            """;

    @TempDir
    Path root;

    private KubeadmConfigReader reader() {
        return new KubeadmConfigReader(new SimulatorEnv(root, "127.0.0.1", root.resolve("cluster")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private void config(String text) throws IOException {
        Path file = root.resolve(CONFIG.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsAnInitConfigurationWithItsClusterConfigurationAndTokens() throws IOException {
        config(INIT);

        NodeConfig config = reader().init(CONFIG, List.of("Swap"));

        assertThat(config.nodeName()).isEqualTo("node1.internal");
        assertThat(config.advertiseAddress()).isEqualTo("127.0.1.10");
        assertThat(config.bindPort()).isEqualTo(16443);
        assertThat(config.ignorePreflightErrors()).containsExactly("Swap");
        assertThat(config.cluster().controlPlaneEndpoint()).isEqualTo("k8s-cp.internal:8888");
        assertThat(config.cluster().certSANs()).containsExactly("k8s-cp.internal", "192.168.0.66");
        assertThat(config.bootstrapTokens()).singleElement().satisfies(token -> {
            assertThat(token.id()).isEqualTo("abcdef");
            assertThat(token.ttl()).isEqualTo(Duration.ofSeconds(900));
        });
        assertThat(NodePki.apiServerNames(config.nodeName(), config.advertiseAddress(), config.cluster()))
                .containsExactly("node1.internal", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                        "kubernetes.default.svc.cluster.local", "10.96.0.1", "127.0.1.10", "k8s-cp.internal",
                        "192.168.0.66");
    }

    @Test
    void refusesAnUnknownFieldWithItsPath() throws IOException {
        config(INIT.replace("  bindPort: 16443", "  bindPort: 16443\n  bindAddress: 0.0.0.0"));

        assertThatThrownBy(() -> reader().init(CONFIG, List.of())).hasMessage("error unmarshaling configuration "
                + "schema.GroupVersionKind{Group:\"kubeadm.k8s.io\", Version:\"v1beta4\", Kind:\"InitConfiguration\"}:"
                + " strict decoding error: unknown field \"localAPIEndpoint.bindAddress\"");
    }

    @Test
    void refusesV1beta3StyleKubeletExtraArgsAsAMap() throws IOException {
        config(INIT.replace("  - name: node-ip\n    value: 127.0.1.10", "    node-ip: 127.0.1.10"));

        assertThatThrownBy(() -> reader().init(CONFIG, List.of())).hasMessageEndingWith("json: cannot unmarshal "
                + "object into Go struct field NodeRegistrationOptions.nodeRegistration.kubeletExtraArgs of type "
                + "[]Arg");
    }

    @Test
    void refusesAWrongKindAnOldApiAndAMissingKind() throws IOException {
        config(INIT.replace("kind: ClusterConfiguration", "kind: ClusterConfig"));
        assertThatThrownBy(() -> reader().init(CONFIG, List.of())).hasMessage("unknown configuration APIs: "
                + "[]schema.GroupVersionKind{schema.GroupVersionKind{Group:\"kubeadm.k8s.io\", Version:\"v1beta4\", "
                + "Kind:\"ClusterConfig\"}}");

        config(INIT.replace("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration",
                "apiVersion: kubeadm.k8s.io/v1beta2\nkind: InitConfiguration"));
        assertThatThrownBy(() -> reader().init(CONFIG, List.of()))
                .hasMessageStartingWith("your configuration file uses an old API spec: \"kubeadm.k8s.io/v1beta2\"");

        config(INIT.replace("kind: KubeletConfiguration\n", ""));
        assertThatThrownBy(() -> reader().init(CONFIG, List.of()))
                .hasMessageEndingWith("kind and apiVersion is mandatory information that must be specified");
    }

    @Test
    void refusesADuplicateFieldAMalformedTokenAndABadCgroupDriver() throws IOException {
        config(INIT.replace("clusterName: lab", "clusterName: lab\nclusterName: lab2"));
        assertThatThrownBy(() -> reader().init(CONFIG, List.of())).hasMessageContaining("Duplicate field 'clusterName'");

        config(INIT.replace("abcdef.0123456789abcdef", "ABCDEF.0123456789abcdef"));
        assertThatThrownBy(() -> reader().init(CONFIG, List.of()))
                .hasMessage("the bootstrap token (23 characters) was not of the form \"^([a-z0-9]{6})\\.([a-z0-9]{16})$\"");

        config(INIT.replace("cgroupDriver: systemd", "cgroupDriver: system"));
        assertThatThrownBy(() -> reader().init(CONFIG, List.of()))
                .hasMessage("cgroupDriver: Invalid value: \"system\": must be one of \"cgroupfs\" or \"systemd\"");
    }

    @Test
    void anInitFileIsNoJoinFileAndAJoinNeedsFileDiscovery() throws IOException {
        config(INIT);
        assertThatThrownBy(() -> reader().join(CONFIG, List.of()))
                .hasMessage("no JoinConfiguration kind was found in the YAML file");

        config("apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery:\n  tlsBootstrapToken: x\n");
        assertThatThrownBy(() -> reader().join(CONFIG, List.of()))
                .hasMessage("discovery: Invalid value: \"\": bootstrapToken or file must be set");
    }

    /** The compiler's golden catalogs hold today's kubeadm configs: the simulator must take them as they are. */
    @Test
    void readsTheConfigurationsTheControllerCompiles() throws IOException {
        Path golden = Path.of(System.getProperty("project.basedir", "agent"))
                .resolve("../controller/src/test/resources/golden").normalize();
        Map<String, Boolean> files = Map.of("node1.internal.yaml", false, "node2.internal.yaml", true,
                "node4.internal.yaml", true);
        for (Map.Entry<String, Boolean> file : files.entrySet()) {
            config(kubeadmConfigOf(golden.resolve(file.getKey())));
            NodeConfig config = file.getValue() ? reader().join(CONFIG, List.of()) : reader().init(CONFIG, List.of());
            assertThat(config.nodeName()).as(file.getKey()).isEqualTo(file.getKey().replace(".yaml", ""));
            if (file.getValue()) {
                assertThat(config.discoveryFile()).isEqualTo("/etc/kubenode/kubeadm/discovery.conf");
            }
        }
    }

    private static String kubeadmConfigOf(Path catalog) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(catalog.toFile());
        for (JsonNode node : root.findParents("path")) {
            if (node.path("path").asText().equals(CONFIG)) {
                return node.path("content").asText();
            }
        }
        throw new AssertionError(catalog + " holds no " + CONFIG);
    }
}
