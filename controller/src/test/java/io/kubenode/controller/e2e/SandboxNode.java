package io.kubenode.controller.e2e;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One node of the cluster document played by a directory: {@code DIR/root} is the machine (kubenode-agent
 * {@code --sandbox --root}: files land there, commands are simulated), {@code DIR/agent.yaml} its agent config
 * (metrics on a free loopback port, a pass every second). The agent's state dir is the default one, under the root.
 */
record SandboxNode(String name, Path dir) {
    static final Path LAUNCHER = SeedCluster.repositoryRoot().resolve("deploy/bin/kubenode-agent");
    static final String STATE_DIR = "/var/lib/kubenode-agent";
    static final int INTERVAL_SECONDS = 1;

    static SandboxNode create(Path dir, String name) throws IOException {
        Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("agent.yaml"), "metricsAddress: 127.0.0.1:0\nintervalSeconds: "
                + INTERVAL_SECONDS + "\n");
        return new SandboxNode(name, dir);
    }

    /**
     * Describes this machine's hardware the way the kernel shows it, under the root (a sandbox has no kernel of its
     * own): {@code cpus} processors, {@code memoryMiB} of memory, and identities that differ between sandboxes
     * ({@code index}: product_uuid, eth1's MAC, machine-id), so the orchestrator's preflight sees real facts.
     */
    SandboxNode withHardware(int cpus, long memoryMiB, int index) throws IOException {
        StringBuilder cpuinfo = new StringBuilder();
        for (int cpu = 0; cpu < cpus; cpu++) {
            cpuinfo.append("processor\t: ").append(cpu).append("\nmodel name\t: sandbox CPU\n\n");
        }
        write("/proc/cpuinfo", cpuinfo.toString());
        write("/proc/meminfo", "MemTotal:       " + memoryMiB * 1024 + " kB\nMemFree:        " + memoryMiB * 512
                + " kB\n");
        write("/sys/class/dmi/id/product_uuid", String.format("4c4c4544-0000-4000-8000-%012d%n", index));
        write("/sys/class/net/eth1/address", String.format("52:54:00:00:00:%02x%n", index));
        write("/etc/machine-id", String.format("%032x%n", index));
        return this;
    }

    private void write(String hostPath, String content) throws IOException {
        Files.createDirectories(file(hostPath).getParent());
        Files.writeString(file(hostPath), content);
    }

    Path root() {
        return dir.resolve("root");
    }

    /** Where the machine's {@code hostPath} (absolute) is on this one. */
    Path file(String hostPath) {
        return root().resolve(hostPath.substring(1));
    }

    /** A file of the agent's state dir, e.g. {@code pki/node.crt}. */
    Path state(String relative) {
        return file(STATE_DIR + "/" + relative);
    }

    /** {@code kubenode-agent enroll --ca-hash PIN}, as this node (never throws on a refusal: the result says). */
    ExternalCommand.Result enroll(String controllerUrl, String pin, String token)
            throws IOException, InterruptedException {
        return ExternalCommand.run(argv("enroll", "--controller", controllerUrl, "--ca-hash", pin, "--token", token,
                "--node-name", name));
    }

    /**
     * GET {@code url} with curl, an independent TLS client, trusting this node's CA and presenting {@code certificate}
     * and {@code key} (the node's current pair, or a copy of an older one); stdout ends with the HTTP status line.
     */
    ExternalCommand.Result request(String url, Path certificate, Path key) throws IOException, InterruptedException {
        return ExternalCommand.run(List.of(ExternalCommand.require("curl"), "-sS", "--max-time", "10", "-w",
                "\\n%{http_code}", "--cacert", state("pki/ca.crt").toString(), "--cert", certificate.toString(),
                "--key", key.toString(), url));
    }

    /** {@code kubenode-agent run} against the controller it enrolled with, until closed. */
    AgentProcess run() throws IOException {
        return AgentProcess.start(argv("run"), dir.resolve("run.log"));
    }

    /**
     * {@code kubenode-agent run} with kubeadm and kubectl run by the simulator ({@code --sandbox-simulator}), this
     * machine's loopback address being {@code loopback} and the simulated cluster's shared directory
     * {@code clusterDir}.
     */
    AgentProcess runWithSimulator(Path kubeadm, Path kubectl, String loopback, Path clusterDir) throws IOException {
        return runWithSimulator(kubeadm, kubectl, loopback, clusterDir, List.of());
    }

    /** As above, with more sandbox options ({@code --sandbox-unit ...}). */
    AgentProcess runWithSimulator(Path kubeadm, Path kubectl, String loopback, Path clusterDir, List<String> more)
            throws IOException {
        return runWithSimulator(kubeadm, kubectl, loopback, clusterDir, more, java.util.Map.of());
    }

    /**
     * As above, with more of the simulator's environment (the agent's is the simulator's), such as
     * {@code KUBEADM_SIMULATOR_ETCD=real}.
     */
    AgentProcess runWithSimulator(Path kubeadm, Path kubectl, String loopback, Path clusterDir, List<String> more,
                                  java.util.Map<String, String> simulatorEnvironment) throws IOException {
        List<String> options = new ArrayList<>(List.of("--sandbox-simulator", "kubeadm=" + kubeadm,
                "--sandbox-simulator", "kubectl=" + kubectl, "--sandbox-loopback", loopback));
        options.addAll(more);
        List<String> argv = argv("run", options.toArray(String[]::new));
        java.util.Map<String, String> environment = new java.util.HashMap<>(simulatorEnvironment);
        environment.put("KUBEADM_SIMULATOR_CLUSTER", clusterDir.toString());
        return AgentProcess.start(argv, environment, dir.resolve("run.log"));
    }

    private List<String> argv(String command, String... arguments) {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString(), command));
        argv.addAll(List.of(arguments));
        argv.addAll(List.of("--sandbox", "--root", root().toString(), "--config", dir.resolve("agent.yaml")
                .toString()));
        return argv;
    }
}
