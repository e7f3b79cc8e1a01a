package io.kubenode.agent.resource.manifest;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.SandboxSimulators;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.resource.kubeadm.FakeKubectl;
import io.kubenode.common.catalog.ManifestSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl diff/apply through a fake kubectl run as a real process: exit 0 in sync, 1 applies, API down waits. */
class ManifestHandlerTest {
    private static final String ADMIN = "/etc/kubernetes/admin.conf";
    private static final String FILE = "/etc/kubenode/manifests/kube-flannel.yml";
    private static final String APPLY = "kubectl --kubeconfig " + ADMIN + " apply --server-side --force-conflicts -f "
            + FILE;

    @TempDir
    Path directory;

    private Path root;
    private FakeKubectl kubectl;
    private SandboxHost host;
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);
    private final NodeCatalog catalog = EngineHarness.catalogOf(new ManifestSpec("flannel", FILE, ADMIN, 120));

    @BeforeEach
    void machine() throws IOException {
        root = Files.createDirectories(directory.resolve("root"));
        Files.createDirectories(root.resolve("etc/kubernetes"));
        Files.createDirectories(root.resolve("etc/kubenode/manifests"));
        Files.writeString(root.resolve("etc/kubernetes/admin.conf"), "apiVersion: v1\n");
        Files.writeString(root.resolve(FILE.substring(1)), "kind: DaemonSet\n");
        kubectl = FakeKubectl.create(directory.resolve("fake"));
        host = new SandboxHost(root, Simulations.all(), new SandboxSimulators(Map.of("kubectl",
                kubectl.executable()), SandboxSimulators.loopbackAddress("127.0.0.1")));
    }

    @Test
    void aDifferenceIsAppliedOnceAndThenInSync() {
        Report plan = engine.plan(catalog, host);
        assertThat(plan.changes()).containsExactly("~ manifest:flannel run " + APPLY + " (kubectl diff: 2 lines)");

        engine.assertIdempotent(catalog, host);

        assertThat(kubectl.calls()).filteredOn(call -> call.contains(" apply ")).containsExactly(
                APPLY.substring("kubectl ".length()));
        assertThat(kubectl.calls()).first().isEqualTo("--kubeconfig " + ADMIN
                + " diff --server-side --force-conflicts -f " + FILE);
    }

    @Test
    void anApiNotAnsweringIsNotReadyNotFailed() {
        kubectl.apiDown(true);

        ResourceReport report = engine.apply(catalog, host).resources().get(0);

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).startsWith("kubectl diff exited 2 after ").contains("the API does not answer yet",
                "was refused");
    }

    @Test
    void anotherDiffErrorFailsWithExitCodeAndOutput() throws IOException {
        Files.delete(root.resolve(FILE.substring(1)));

        ResourceReport report = engine.apply(catalog, host).resources().get(0);

        assertThat(report.state()).isEqualTo("failed");
        assertThat(report.message()).isEqualTo(FILE + " does not exist: nothing to apply");
    }

    @Test
    void aFailedApplyFailsWithItsExitCodeDurationAndOutput() {
        kubectl.applyFails();

        ResourceReport report = engine.apply(catalog, host).resources().get(0);

        assertThat(report.state()).isEqualTo("failed");
        assertThat(report.message()).matches("(?s)kubectl apply exited 1 after \\d+\\.\\d s; last output:\n"
                + "error: unable to recognize the manifest");
    }

    /** The real kubectl (preinstalled on the test machines) against an API that refuses connections: exit 2. */
    @Test
    void theRealKubectlAgainstAnApiThatDoesNotAnswerIsNotReady() throws IOException {
        assertThat(Path.of("/usr/bin/kubectl")).as("kubectl v1.32 is a prerequisite of the tests").isExecutable();
        Path kubeconfig = directory.resolve("admin.conf");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: lab
                  cluster: {server: "https://127.0.0.1:1"}
                users:
                - name: admin
                  user: {token: not-a-secret}
                contexts:
                - name: lab
                  context: {cluster: lab, user: admin}
                current-context: lab
                """);
        Path manifest = directory.resolve("flannel.yml");
        Files.writeString(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n");
        NodeCatalog real = EngineHarness.catalogOf(new ManifestSpec("flannel", manifest.toString(),
                kubeconfig.toString(), 60));

        ResourceReport report = engine.apply(real, io.kubenode.agent.host.LocalHost.machine()).resources().get(0);

        assertThat(report.state()).as(report.message()).isEqualTo("not_ready");
        assertThat(report.message()).startsWith("kubectl diff exited 2 after ").contains("connection refused");
    }

    @Test
    void withoutTheAdminKubeconfigItWaits() throws IOException {
        Files.delete(root.resolve("etc/kubernetes/admin.conf"));

        ResourceReport report = engine.apply(catalog, host).resources().get(0);

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(kubectl.calls()).isEmpty();
    }
}
