package io.kubenode.agent.host.sandbox;

import io.kubenode.common.net.IpAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The executables sandbox mode runs instead of commands it cannot simulate in-process (kubeadm, kubectl: they need a
 * cluster), and the loopback address that stands for this sandbox machine's 127.0.0.1 (several sandbox nodes share one
 * real machine, each with its own 127.x address). Without any simulator, sandbox mode behaves as before: kubeadm is
 * refused, https probes are taken as healthy.
 *
 * @param executables command name (kubeadm, kubectl) to the absolute path of its simulator
 * @param loopback    the address a probe URL's 127.0.0.1 or localhost is rewritten to
 */
public record SandboxSimulators(Map<String, Path> executables, InetAddress loopback) {
    /** The commands that may be simulated by an executable. */
    public static final Set<String> COMMANDS = Set.of("kubeadm", "kubectl");
    public static final String ROOT_VARIABLE = "KUBENODE_SANDBOX_ROOT";
    public static final String LOOPBACK_VARIABLE = "KUBENODE_SANDBOX_LOOPBACK";
    public static final String DEFAULT_LOOPBACK = "127.0.0.1";

    public SandboxSimulators {
        executables = Map.copyOf(new TreeMap<>(executables));
        for (Map.Entry<String, Path> entry : executables.entrySet()) {
            if (!COMMANDS.contains(entry.getKey())) {
                throw new IllegalArgumentException("no simulator can stand in for '" + entry.getKey()
                        + "' (only kubeadm and kubectl)");
            }
            if (!entry.getValue().isAbsolute()) {
                throw new IllegalArgumentException("the " + entry.getKey() + " simulator must be an absolute path, got "
                        + entry.getValue());
            }
        }
        if (!loopback.isLoopbackAddress()) {
            throw new IllegalArgumentException("the sandbox loopback address must be a loopback address (127.0.0.0/8"
                    + " or ::1), got " + loopback.getHostAddress());
        }
    }

    /**
     * From the command line: each executable made absolute and required to be an executable file, the loopback
     * address an IP literal; IllegalArgumentException naming the bad one.
     */
    public static SandboxSimulators of(Map<String, Path> given, String loopback) {
        Map<String, Path> executables = new TreeMap<>();
        for (Map.Entry<String, Path> entry : given.entrySet()) {
            if (!COMMANDS.contains(entry.getKey())) {
                throw new IllegalArgumentException("--sandbox-simulator " + entry.getKey() + ": no simulator can stand "
                        + "in for it (only kubeadm and kubectl)");
            }
            Path executable = entry.getValue().toAbsolutePath().normalize();
            if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
                throw new IllegalArgumentException("--sandbox-simulator " + entry.getKey() + "=" + entry.getValue()
                        + ": not an executable file");
            }
            executables.put(entry.getKey(), executable);
        }
        return new SandboxSimulators(executables, loopbackAddress(loopback));
    }

    public static SandboxSimulators none() {
        return new SandboxSimulators(Map.of(), loopbackAddress(DEFAULT_LOOPBACK));
    }

    /** An IP literal in 127.0.0.0/8 or ::1; no name lookup. */
    public static InetAddress loopbackAddress(String text) {
        Optional<IpAddress> ip = IpAddress.parse(text);
        if (ip.isEmpty()) {
            throw new IllegalArgumentException("expected an IP address such as 127.0.1.61, got '" + text + "'");
        }
        try {
            return InetAddress.getByAddress(ip.get().bytes());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    public boolean any() {
        return !executables.isEmpty();
    }

    public Optional<Path> executableFor(String command) {
        return Optional.ofNullable(executables.get(command));
    }
}
