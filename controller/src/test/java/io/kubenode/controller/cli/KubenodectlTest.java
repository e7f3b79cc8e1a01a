package io.kubenode.controller.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KubenodectlTest {
    private final String example = SeedCluster.exampleFile().toString();

    @TempDir
    Path dir;

    @Test
    void validateAcceptsTheExampleAndPrintsItsWarning() {
        KubenodectlRunner.Run run = KubenodectlRunner.run("validate", "-f", example);

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("spec.network.manifest.sha256: warning: no sha256",
                example + ": valid, 1 warning");
    }

    @Test
    void validateRefusesAnInvalidDocumentWithEveryPathAndExitOne() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), SeedCluster.exampleText()
                .replace("address: 192.168.0.62", "address: 192.168.0.300")
                .replace("virtualRouterId: 5", "virtualRouterId: 0"));

        KubenodectlRunner.Run run = KubenodectlRunner.run("validate", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("spec.nodes[1].address: expected an IPv4 or IPv6 address, got "
                        + "'192.168.0.300'", "spec.loadBalancer.keepalived.virtualRouterId: expected 1..255, got 0",
                "invalid, 2 errors, 1 warning");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void validateReportsASyntaxErrorWithLineAndColumnAndNoStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.yaml"), "apiVersion: kubenode.io/v1alpha1\nkind: [Cluster\n");

        KubenodectlRunner.Run run = KubenodectlRunner.run("validate", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).containsPattern("<document>: syntax error \\(line \\d+, column \\d+\\)");
        assertThat(run.stdout() + run.stderr()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void validateRefusesADocumentOverOneMebibyteBeforeReadingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("huge.yaml"), "# " + "x".repeat(1024 * 1024) + "\n");

        KubenodectlRunner.Run run = KubenodectlRunner.run("validate", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("the limit is 1 MiB");
    }

    @Test
    void validateOfAMissingFileSaysSoWithExitOne() {
        KubenodectlRunner.Run run = KubenodectlRunner.run("validate", "-f", dir.resolve("nope.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("no such file");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(KubenodectlRunner.run().exitCode()).isEqualTo(2);
        assertThat(KubenodectlRunner.run("validate").exitCode()).isEqualTo(2);
        assertThat(KubenodectlRunner.run("compile", "-f", example, "-o", "xml").exitCode()).isEqualTo(2);
        assertThat(KubenodectlRunner.run("frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void everyCommandHasHelpWithExitCodes() {
        for (String command : List.of("validate", "compile", "render")) {
            KubenodectlRunner.Run run = KubenodectlRunner.run(command, "--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).contains("Usage: kubenodectl " + command, "Exit codes:");
        }
        assertThat(KubenodectlRunner.run("--help").stdout()).contains("validate", "compile", "render");
    }

    @Test
    void compileJsonForOneNodeIsTheCatalog() throws Exception {
        KubenodectlRunner.Run run = KubenodectlRunner.run("compile", "-f", example, "--node", "node2.internal",
                "-o", "json");

        assertThat(run.exitCode()).isZero();
        NodeCatalog catalog = Documents.json().readValue(run.stdout(), NodeCatalog.class);
        assertThat(catalog.metadata().node()).isEqualTo("node2.internal");
    }

    @Test
    void compileJsonWithoutNodeIsAnArrayOfEveryCatalog() throws Exception {
        KubenodectlRunner.Run run = KubenodectlRunner.run("compile", "-f", example, "-o", "json");

        List<NodeCatalog> catalogs = Documents.json().readValue(run.stdout(), new TypeReference<>() { });
        assertThat(catalogs).hasSize(5);
    }

    @Test
    void compileYamlWithoutNodeIsOneDocumentPerNode() {
        KubenodectlRunner.Run run = KubenodectlRunner.run("compile", "-f", example);

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().split("(?m)^---$")).hasSize(6);
    }

    @Test
    void compileOfAnUnknownNodeExitsOne() {
        KubenodectlRunner.Run run = KubenodectlRunner.run("compile", "-f", example, "--node", "node9.internal");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("no node named 'node9.internal'");
    }

    @Test
    void renderWritesTheNodesFilesAtTheirHostPathsWithTheirModes() throws Exception {
        KubenodectlRunner.Run run = KubenodectlRunner.run("render", "-f", example, "--node", "node1.internal",
                "--out", dir.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        for (String path : List.of("etc/haproxy/haproxy.cfg", "etc/keepalived/keepalived.conf",
                "etc/keepalived/check_apiserver.sh", "etc/containerd/config.toml",
                "etc/systemd/system/containerd.service", "etc/yum.repos.d/kubernetes.repo",
                "etc/modules-load.d/k8s.conf", "etc/sysctl.d/99-kubernetes.conf", "etc/hosts",
                "etc/profile.d/kubenode-kubeconfig.sh", "etc/kubenode/kubeadm/config.yaml")) {
            assertThat(dir.resolve(path)).as(path).isRegularFile();
        }
        assertThat(mode("etc/keepalived/keepalived.conf")).isEqualTo("rw-------");
        assertThat(mode("etc/keepalived/check_apiserver.sh")).isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(dir.resolve("etc/hosts")))
                .startsWith("# BEGIN kubenode hosts\n").endsWith("# END kubenode hosts\n");
        assertThat(run.stdout()).contains("node1.internal (control-plane, rhel)", "/etc/haproxy/haproxy.cfg",
                "package:", "kubelet");
    }

    @Test
    void renderOfAWorkerHasNoLoadBalancerFiles() {
        KubenodectlRunner.Run run = KubenodectlRunner.run("render", "-f", example, "--node", "node5.internal",
                "--out", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(dir.resolve("etc/haproxy")).doesNotExist();
        assertThat(dir.resolve("etc/keepalived")).doesNotExist();
    }

    @Test
    void renderOfAnInvalidDocumentWritesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), SeedCluster.exampleText().replace("swap: off",
                "swap: on"));
        Path out = dir.resolve("out");

        KubenodectlRunner.Run run = KubenodectlRunner.run("render", "-f", file.toString(), "--node", "node1.internal",
                "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("spec.host.swap: must be off");
        assertThat(out).doesNotExist();
    }

    private String mode(String path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(path)));
    }
}
