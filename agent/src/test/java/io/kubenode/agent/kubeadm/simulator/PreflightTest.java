package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.agent.host.sandbox.SandboxHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Join preflight in-process (no daemon is ever reached): a worker's own checks, {@code all} in
 * --ignore-preflight-errors, and a preflight fault from the faults file.
 */
class PreflightTest {
    private static final String CONFIG = "/etc/kubenode/kubeadm/config.yaml";

    @TempDir
    Path root;
    @TempDir
    Path cluster;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void workerWithAJoinConfig() throws IOException {
        write("/proc/sys/net/ipv4/ip_forward", "1\n");
        write(SandboxHost.STATE_DIR + "/systemd/containerd.service", "ActiveState=active\n");
        write(CONFIG, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                nodeRegistration:
                  name: node4.sim
                discovery:
                  file:
                    kubeConfigPath: /etc/kubenode/kubeadm/discovery.conf
                timeouts:
                  discovery: 1s
                """);
    }

    @Test
    void aWorkerRefusesToJoinOverAnExistingKubeletConfOrClusterCa() throws IOException {
        write("/etc/kubernetes/kubelet.conf", "left over");
        write("/etc/kubernetes/pki/ca.crt", "left over");

        int exit = kubeadm("join", "--config", CONFIG);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("\t[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already "
                        + "exists\n")
                .contains("\t[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already "
                        + "exists\n")
                .contains("To see the stack trace of this error execute with --v=5 or higher");
    }

    @Test
    void ignoringAllTurnsEveryErrorIntoAWarningAndTheJoinGoesOn() throws IOException {
        write("/proc/swaps", "Filename Type Size Used Priority\n/swapfile file 1048572 0 -2\n");
        write("/proc/sys/net/ipv4/ip_forward", "0\n");

        int exit = kubeadm("join", "--config", CONFIG, "--ignore-preflight-errors", "all");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\t[WARNING Swap]: ")
                .contains("\t[WARNING FileContent--proc-sys-net-ipv4-ip_forward]: ");
        // past preflight, the join stops at discovery: no discovery kubeconfig in this root
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("[ERROR")
                .contains("couldn't load the kubeconfig file /etc/kubenode/kubeadm/discovery.conf");
    }

    @Test
    void aPreflightFaultFailsItsCountAndIsIgnorableByName() throws IOException {
        Files.writeString(cluster.resolve("faults"), "node4.sim preflight-join fail 2\n");

        assertThat(kubeadm("join", "--config", CONFIG)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\t[ERROR SimulatorFault]: simulated failure of "
                + "preflight-join on node node4.sim (faults file; 1 more to come)");
        assertThat(Files.readString(cluster.resolve("faults"))).isEqualTo("node4.sim preflight-join fail 1\n");

        err.reset();
        kubeadm("join", "--config", CONFIG, "--ignore-preflight-errors=SimulatorFault");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("[ERROR SimulatorFault]");
        assertThat(Files.readString(cluster.resolve("faults"))).isEmpty();

        err.reset();
        kubeadm("join", "--config", CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("SimulatorFault");
    }

    @Test
    void aSwapOnFaultTurnsASwapOnBeforeTheChecksSoKubeadmsSwapCheckFailsOnce() throws IOException {
        write("/proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        Files.writeString(cluster.resolve("faults"), "node4.sim preflight-join swap-on\n");

        assertThat(kubeadm("join", "phase", "preflight", "--config", CONFIG)).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("\t[ERROR Swap]: running with swap on is not supported. Please disable swap\n");
        assertThat(Files.readString(root.resolve("proc/swaps"))).endsWith("\n/swap.img\t\t\t\tfile\t\t1048572\t\t0\t\t-2\n");
        assertThat(Files.readString(cluster.resolve("faults"))).as("used up").isEmpty();

        write("/proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        err.reset();
        assertThat(kubeadm("join", "phase", "preflight", "--config", CONFIG)).as(err.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    @Test
    void aSwapOnFaultOnAStepOtherThanPreflightIsRefused() throws IOException {
        write("/etc/hostname", "node4.sim\n");
        Files.writeString(cluster.resolve("faults"), "node4.sim reset swap-on\n");

        assertThat(kubeadm("reset", "--force")).isNotZero();

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("swap-on is a fault of preflight-init and "
                + "preflight-join only, not of reset");
    }

    @Test
    void joinPhasePreflightRunsTheChecksOnly() throws IOException {
        assertThat(kubeadm("join", "phase", "preflight", "--config", CONFIG)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[preflight] Running pre-flight checks\n");

        write("/proc/sys/net/ipv4/ip_forward", "0\n");
        assertThat(kubeadm("join", "phase", "preflight", "--config", CONFIG)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("[ERROR FileContent--proc-sys-net-ipv4-ip_forward]");
        assertThat(kubeadm("join", "phase", "kubelet-start", "--config", CONFIG)).isEqualTo(1);
    }

    @Test
    void anAdvertiseAddressThatIsNotThisMachinesIsNamedAsSuch() throws IOException {
        write(CONFIG, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint:
                  advertiseAddress: 203.0.113.7
                  bindPort: 6443
                nodeRegistration:
                  name: node5.sim
                """);

        assertThat(kubeadm("init", "phase", "preflight", "--config", CONFIG)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\t[ERROR Port-6443]: cannot listen on "
                + "203.0.113.7:6443: 203.0.113.7 is not an address of this machine\n");
    }

    @Test
    void withoutTheClusterDirectoryTheSimulatorRefusesToRun() {
        int exit = KubeSimulator.run(List.of("kubeadm", "reset", "--force"), Map.of(SimulatorEnv.ROOT,
                root.toString()), print(out), print(err));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("KUBEADM_SIMULATOR_CLUSTER is not set");
    }

    private int kubeadm(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("kubeadm"));
        argv.addAll(List.of(args));
        return KubeSimulator.run(argv, Map.of(SimulatorEnv.ROOT, root.toString(), SimulatorEnv.CLUSTER,
                cluster.toString()), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private void write(String hostPath, String content) throws IOException {
        Path file = root.resolve(hostPath.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
