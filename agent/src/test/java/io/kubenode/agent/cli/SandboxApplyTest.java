package io.kubenode.agent.cli;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FirewallSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.document.Documents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when": the seed's node1 catalog applied in sandbox mode to an empty directory converges, a
 * second apply changes nothing and leaves the tree byte-identical, and a plan on a fresh root changes nothing.
 */
class SandboxApplyTest {
    private static final String REPORT = "var/lib/kubenode-agent/last-report.json";

    @TempDir
    Path root;

    @Test
    void node1CatalogConvergesInASandboxAndASecondApplyChangesNothing() throws Exception {
        String catalog = AgentRunner.node1Catalog().toString();

        AgentRunner.Run first = AgentRunner.run("apply", "--once", "--sandbox", "--catalog", catalog,
                "--root", root.toString(), "--config", root.resolve("no-agent.yaml").toString());
        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        assertThat(first.stdout()).startsWith("SANDBOX: nothing ran on this machine")
                .contains("+ file:/etc/haproxy/haproxy.cfg", "0 failed");
        assertThat(root.resolve("etc/haproxy/haproxy.cfg")).isRegularFile();
        Map<String, String> afterFirst = snapshot(root);

        AgentRunner.Run second = AgentRunner.run("apply", "--once", "--sandbox", "--catalog", catalog,
                "--root", root.toString(), "--config", root.resolve("no-agent.yaml").toString());

        assertThat(second.exitCode()).as(second.stdout() + second.stderr()).isZero();
        assertThat(second.stdout()).contains(" 0 changed, 0 failed");
        assertThat(snapshot(root)).isEqualTo(afterFirst);
    }

    @Test
    void aPlanOnAFreshRootListsChangesAndWritesNothing() throws Exception {
        AgentRunner.Run plan = AgentRunner.run("plan", "--sandbox", "--catalog",
                AgentRunner.node1Catalog().toString(), "--root", root.toString(),
                "--config", root.resolve("no-agent.yaml").toString());

        assertThat(plan.exitCode()).as(plan.stdout() + plan.stderr()).isZero();
        assertThat(plan.stdout()).contains("plan for node1.internal", "+ file:/etc/haproxy/haproxy.cfg",
                "~ sysctl:net.ipv4.ip_forward");
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries).as("the root stays empty").isEmpty();
        }
    }

    @Test
    void aFirewallInModeAutoIsInSyncInASandboxAndThePlanSaysWhy() throws Exception {
        FirewallSpec firewall = new FirewallSpec("system", "auto", null, "192.0.2.61", List.of("6443/tcp"), List.of());
        Path catalog = Files.writeString(root.resolve("catalog.json"), Documents.toJson(NodeCatalog.of("lab",
                "node1.internal", 1, new NodeCatalog.Spec("worker", OsFamily.RHEL, List.of(new CatalogResource(
                        firewall.id(), List.of(), List.of(), firewall))))));

        AgentRunner.Run plan = AgentRunner.run("plan", "--sandbox", "--catalog", catalog.toString(), "--root",
                root.resolve("machine").toString(), "--config", root.resolve("no-agent.yaml").toString());

        assertThat(plan.exitCode()).as(plan.stdout() + plan.stderr()).isZero();
        assertThat(plan.stdout()).contains("= firewall:system in sync: no firewall to open: firewalld is not "
                + "installed", "1 resources: 1 in sync").contains("0 commands were simulated");
    }

    @Test
    void aRefusedCatalogAppliesNothing() throws Exception {
        Path tampered = Files.writeString(root.resolve("catalog.yaml"),
                Files.readString(AgentRunner.node1Catalog()).replace("net.ipv4.ip_forward = 1",
                        "net.ipv4.ip_forward = 0"));
        Path target = root.resolve("machine");

        AgentRunner.Run run = AgentRunner.run("apply", "--once", "--sandbox", "--catalog", tampered.toString(),
                "--root", target.toString(), "--config", root.resolve("no-agent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("refused, nothing applied", "metadata.contentHash");
        assertThat(target).doesNotExist();
    }

    /** sha256 of every file under the root except the report, which records the time of its pass. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(file).toString();
                if (!relative.equals(REPORT)) {
                    hashes.put(relative, sha256(file) + " " + Files.getPosixFilePermissions(file));
                }
            }
        }
        return hashes;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
