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
        List<String> argv = argv("run", "--sandbox-simulator", "kubeadm=" + kubeadm, "--sandbox-simulator",
                "kubectl=" + kubectl, "--sandbox-loopback", loopback);
        return AgentProcess.start(argv, java.util.Map.of("KUBEADM_SIMULATOR_CLUSTER", clusterDir.toString()),
                dir.resolve("run.log"));
    }

    private List<String> argv(String command, String... arguments) {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString(), command));
        argv.addAll(List.of(arguments));
        argv.addAll(List.of("--sandbox", "--root", root().toString(), "--config", dir.resolve("agent.yaml")
                .toString()));
        return argv;
    }
}
