package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.agent.host.sandbox.SandboxHost;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * kubeadm's preflight checks that matter here, under their kubeadm names, reported as kubeadm does:
 * {@code [ERROR Name]: message} lines after "[preflight] Some fatal errors occurred:", exit 1, and
 * {@code --ignore-preflight-errors} (names, case-insensitive, or {@code all}) turning errors into warnings.
 */
final class Preflight {
    record Finding(String name, String message) {
    }

    static final String ACTIVATED_SWAP = "/swap.img\t\t\t\tfile\t\t1048572\t\t0\t\t-2";

    private final SimulatorEnv env;
    private final ClusterStore store;

    Preflight(SimulatorEnv env, ClusterStore store) {
        this.env = env;
        this.store = store;
    }

    /** Runs the checks of {@code init} or {@code join} for this config; throws when a fatal error remains. */
    void run(NodeConfig config, PrintStream out) {
        out.println("[preflight] Running pre-flight checks");
        List<Finding> findings = new ArrayList<>();
        String step = config.join() ? "preflight-join" : "preflight-init";
        String fault = Faults.delayOrFailure(store, config.nodeName(), step, this::activateSwap);
        if (fault != null) {
            findings.add(new Finding("SimulatorFault", fault));
        }
        if (config.controlPlane()) {
            port(config.advertiseAddress(), config.bindPort(), findings);
            if (!config.join()) {
                for (String component : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler",
                        "etcd")) {
                    fileAvailable("/etc/kubernetes/manifests/" + component + ".yaml", findings);
                }
            }
        }
        swap(findings);
        ipForward(findings);
        cri(config.criSocket(), findings);
        dirAvailable("/etc/kubernetes/manifests", findings);
        if (config.join()) {
            fileAvailable("/etc/kubernetes/kubelet.conf", findings);
            if (!config.controlPlane()) {
                fileAvailable("/etc/kubernetes/pki/ca.crt", findings);
            }
        }
        List<String> ignored = config.ignorePreflightErrors().stream()
                .map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
        List<Finding> fatal = new ArrayList<>();
        for (Finding finding : findings) {
            if (ignored.contains("all") || ignored.contains(finding.name().toLowerCase(Locale.ROOT))) {
                out.println("\t[WARNING " + finding.name() + "]: " + finding.message());
            } else {
                fatal.add(finding);
            }
        }
        if (!fatal.isEmpty()) {
            StringBuilder message = new StringBuilder("error execution phase preflight: [preflight] Some fatal "
                    + "errors occurred:\n");
            fatal.forEach(finding -> message.append("\t[ERROR ").append(finding.name()).append("]: ")
                    .append(finding.message()).append("\n"));
            message.append("[preflight] If you know what you are doing, you can make a check non-fatal with "
                    + "`--ignore-preflight-errors=...`");
            throw new SimulatorFailure(message.toString());
        }
    }

    private void port(String address, int port, List<Finding> findings) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (IOException e) {
            // kubeadm binds every address; one machine hosting several sandbox nodes binds the node's own, which
            // can also fail because the address is not this machine's: say so rather than "in use"
            boolean foreign = String.valueOf(e.getMessage()).contains("Cannot assign requested address");
            findings.add(new Finding("Port-" + port, foreign ? "cannot listen on " + address + ":" + port + ": "
                    + address + " is not an address of this machine" : "Port " + port + " is in use"));
        }
    }

    private void fileAvailable(String hostPath, List<Finding> findings) {
        if (Files.exists(env.host(hostPath))) {
            findings.add(new Finding("FileAvailable-" + hostPath.replace('/', '-'), hostPath + " already exists"));
        }
    }

    private void dirAvailable(String hostPath, List<Finding> findings) {
        Path dir = env.host(hostPath);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                findings.add(new Finding("DirAvailable-" + hostPath.replace('/', '-'), hostPath + " is not empty"));
            }
        } catch (IOException e) {
            findings.add(new Finding("DirAvailable-" + hostPath.replace('/', '-'), e.getMessage()));
        }
    }

    /** Swap is on when /proc/swaps lists anything after its header line. */
    /** A swap the agent did not turn on: the line the kernel adds to /proc/swaps for a 1 GiB swap file. */
    private void activateSwap() {
        Path swaps = env.host("/proc/swaps");
        try {
            String text = Files.isRegularFile(swaps) ? Files.readString(swaps)
                    : "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
            Files.writeString(swaps, text + (text.endsWith("\n") ? "" : "\n") + ACTIVATED_SWAP + "\n");
        } catch (IOException e) {
            throw new SimulatorFailure("cannot turn a swap on in " + swaps + ": " + e.getMessage());
        }
    }

    private void swap(List<Finding> findings) {
        Path swaps = env.host("/proc/swaps");
        try {
            if (Files.isRegularFile(swaps) && Files.readAllLines(swaps).stream().skip(1)
                    .anyMatch(line -> !line.isBlank())) {
                findings.add(new Finding("Swap", "running with swap on is not supported. Please disable swap"));
            }
        } catch (IOException e) {
            findings.add(new Finding("Swap", "could not read /proc/swaps: " + e.getMessage()));
        }
    }

    private void ipForward(List<Finding> findings) {
        String path = "/proc/sys/net/ipv4/ip_forward";
        Path file = env.host(path);
        String content;
        try {
            content = Files.isRegularFile(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            content = null;
        }
        if (content == null) {
            findings.add(new Finding("FileContent-" + path.replace('/', '-'), path + " does not exist"));
        } else if (!content.equals("1")) {
            findings.add(new Finding("FileContent-" + path.replace('/', '-'), path + " contents are not set to 1"));
        }
    }

    /**
     * The CRI answers when its socket file is a real socket under the root, or (sandbox mode) when the agent's
     * systemctl simulation records containerd.service as active, as the agent's own CRI probe decides.
     */
    private void cri(String criSocket, List<Finding> findings) {
        String socket = criSocket.startsWith("unix://") ? criSocket.substring("unix://".length()) : criSocket;
        Path file = env.host(socket);
        if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
            return;
        }
        Path unit = env.host(SandboxHost.STATE_DIR + "/systemd/containerd.service");
        try {
            if (Files.isRegularFile(unit) && Files.readAllLines(unit).contains("ActiveState=active")) {
                return;
            }
        } catch (IOException e) {
            // unreadable: not answering
        }
        findings.add(new Finding("CRI", "container runtime is not running: output: time=\"\" level=fatal "
                + "msg=\"validate service connection: validate CRI v1 runtime API for endpoint \\\"" + criSocket
                + "\\\": rpc error: code = Unavailable desc = connection error: desc = \\\"transport: Error while "
                + "dialing: dial unix " + socket + ": connect: no such file or directory\\\"\", error: exit status 1"));
    }
}
