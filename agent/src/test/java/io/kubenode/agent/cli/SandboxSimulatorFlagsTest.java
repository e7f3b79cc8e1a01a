package io.kubenode.agent.cli;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.resource.kubeadm.FakeKubeadm;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** --sandbox-simulator and --sandbox-loopback on plan/apply: kubeadm runs through the given executable. */
class SandboxSimulatorFlagsTest {
    private static final String CONFIG = "/etc/kubenode/kubeadm/config.yaml";

    @TempDir
    Path directory;

    private Path root;
    private Path catalog;
    private FakeKubeadm kubeadm;

    @BeforeEach
    void files() throws Exception {
        root = Files.createDirectories(directory.resolve("root"));
        catalog = directory.resolve("catalog.json");
        kubeadm = FakeKubeadm.create(directory.resolve("fake"));
        Files.writeString(catalog, Documents.toJson(EngineHarness.catalogOf(new KubeadmSpec("node", "join",
                "worker", CONFIG, 1, 60, "http://127.0.0.1:10248/healthz", null, null, List.of()))));
    }

    private AgentRunner.Run agent(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--catalog", catalog.toString(), "--root", root.toString(), "--config",
                directory.resolve("no-agent.yaml").toString()));
        return AgentRunner.run(all.toArray(String[]::new));
    }

    @Test
    void applyRunsKubeadmThroughTheSimulatorAndSaysSo() {
        AgentRunner.Run plan = agent("plan", "--sandbox", "--sandbox-simulator", "kubeadm=" + kubeadm.executable(),
                "--sandbox-loopback", "127.0.1.64");
        assertThat(plan.stdout()).contains("+ kubeadm:node run kubeadm join --config " + CONFIG);
        assertThat(kubeadm.calls()).isEmpty();

        AgentRunner.Run apply = agent("apply", "--once", "--sandbox", "--sandbox-simulator", "kubeadm="
                + kubeadm.executable(), "--sandbox-loopback", "127.0.1.64");

        assertThat(apply.exitCode()).as(apply.stdout() + apply.stderr()).isZero();
        assertThat(apply.stdout()).contains("SANDBOX: nothing ran on this machine but the given simulators",
                "  kubeadm join --config " + CONFIG + " (sandbox: run by the simulator " + kubeadm.executable() + ")");
        assertThat(kubeadm.calls()).containsExactly("join --config " + CONFIG + " | root=" + root
                + " loopback=127.0.1.64");
        assertThat(root.resolve("etc/kubernetes/kubelet.conf")).exists();
    }

    @Test
    void withoutASimulatorKubeadmIsRefusedInSandboxMode() {
        AgentRunner.Run apply = agent("apply", "--once", "--sandbox");

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.stdout()).contains("! kubeadm:node failed: sandbox: no simulation for kubeadm join --config "
                + CONFIG + "; not run");
    }

    @Test
    void onlyKubeadmAndKubectlAndOnlyWithSandbox() {
        AgentRunner.Run other = agent("plan", "--sandbox", "--sandbox-simulator", "dnf=" + kubeadm.executable());
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.stderr()).contains("--sandbox-simulator dnf: no simulator can stand in for it (only haproxy, "
                + "kubeadm, kubectl)");

        AgentRunner.Run notSandbox = agent("plan", "--sandbox-simulator", "kubeadm=" + kubeadm.executable());
        assertThat(notSandbox.exitCode()).isEqualTo(2);
        assertThat(notSandbox.stderr()).contains("--sandbox-simulator, --sandbox-unit and --sandbox-loopback need "
                + "--sandbox");

        AgentRunner.Run otherUnit = agent("plan", "--sandbox", "--sandbox-unit", "sshd=" + kubeadm.executable());
        assertThat(otherUnit.exitCode()).isEqualTo(2);
        assertThat(otherUnit.stderr()).contains("--sandbox-unit sshd: no simulator can stand in for it (only "
                + "containerd, haproxy, keepalived, kubelet)");

        AgentRunner.Run unitNotSandbox = agent("plan", "--sandbox-unit", "haproxy=" + kubeadm.executable());
        assertThat(unitNotSandbox.exitCode()).isEqualTo(2);
        assertThat(unitNotSandbox.stderr()).contains("need --sandbox");

        AgentRunner.Run notLoopback = agent("plan", "--sandbox", "--sandbox-loopback", "192.0.2.7");
        assertThat(notLoopback.exitCode()).isEqualTo(2);
        assertThat(notLoopback.stderr()).contains("must be a loopback address");
    }
}
