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
import java.util.TreeSet;

/**
 * The executables sandbox mode runs instead of commands it cannot simulate in-process (kubeadm, kubectl: they need a
 * cluster; haproxy: a file's {@code validate} check), the executables told about simulated unit starts, stops and
 * restarts (so a test can run a real process per sandbox machine for a service), and the loopback address that stands
 * for this sandbox machine's 127.0.0.1 (several sandbox nodes share one real machine, each with its own 127.x
 * address). Without any simulator, sandbox mode behaves as before: kubeadm is refused, https probes are taken as
 * healthy, validators are not run, unit changes are only recorded.
 *
 * @param executables command name (kubeadm, kubectl, haproxy) to the absolute path of its simulator
 * @param units       service name (haproxy, keepalived, containerd, kubelet) to the absolute path of the executable run
 *                    as {@code PATH start|stop|restart UNIT} after the simulated systemctl changed that unit
 * @param loopback    the address a probe URL's 127.0.0.1 or localhost is rewritten to
 */
public record SandboxSimulators(Map<String, Path> executables, Map<String, Path> units, InetAddress loopback) {
    /** The commands that may be simulated by an executable. */
    public static final Set<String> COMMANDS = Set.of("kubeadm", "kubectl", "haproxy");
    /** The services whose simulated starts, stops and restarts an executable may act on. */
    public static final Set<String> UNITS = Set.of("haproxy", "keepalived", "containerd", "kubelet");
    public static final String ROOT_VARIABLE = "KUBENODE_SANDBOX_ROOT";
    public static final String LOOPBACK_VARIABLE = "KUBENODE_SANDBOX_LOOPBACK";
    public static final String DEFAULT_LOOPBACK = "127.0.0.1";

    public SandboxSimulators {
        executables = Map.copyOf(new TreeMap<>(executables));
        units = Map.copyOf(new TreeMap<>(units));
        for (Map.Entry<String, Path> entry : executables.entrySet()) {
            if (!COMMANDS.contains(entry.getKey())) {
                throw new IllegalArgumentException("no simulator can stand in for '" + entry.getKey()
                        + "' (only " + String.join(", ", new TreeSet<>(COMMANDS)) + ")");
            }
            requireAbsolute("the " + entry.getKey() + " simulator", entry.getValue());
        }
        for (Map.Entry<String, Path> entry : units.entrySet()) {
            if (!UNITS.contains(entry.getKey())) {
                throw new IllegalArgumentException("no unit simulator can act for '" + entry.getKey()
                        + "' (only " + String.join(", ", new TreeSet<>(UNITS)) + ")");
            }
            requireAbsolute("the " + entry.getKey() + " unit simulator", entry.getValue());
        }
        if (!loopback.isLoopbackAddress()) {
            throw new IllegalArgumentException("the sandbox loopback address must be a loopback address (127.0.0.0/8"
                    + " or ::1), got " + loopback.getHostAddress());
        }
    }

    /** Command simulators only; no unit acts on anything. */
    public SandboxSimulators(Map<String, Path> executables, InetAddress loopback) {
        this(executables, Map.of(), loopback);
    }

    private static void requireAbsolute(String what, Path path) {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(what + " must be an absolute path, got " + path);
        }
    }

    /** {@link #of(Map, Map, String)} without unit simulators. */
    public static SandboxSimulators of(Map<String, Path> given, String loopback) {
        return of(given, Map.of(), loopback);
    }

    /**
     * From the command line ({@code --sandbox-simulator}, {@code --sandbox-unit}): each executable made absolute and
     * required to be an executable file, the loopback address an IP literal; IllegalArgumentException naming the bad
     * one.
     */
    public static SandboxSimulators of(Map<String, Path> given, Map<String, Path> givenUnits, String loopback) {
        return new SandboxSimulators(executables("--sandbox-simulator", given, COMMANDS),
                executables("--sandbox-unit", givenUnits, UNITS), loopbackAddress(loopback));
    }

    private static Map<String, Path> executables(String option, Map<String, Path> given, Set<String> allowed) {
        Map<String, Path> executables = new TreeMap<>();
        for (Map.Entry<String, Path> entry : given.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw new IllegalArgumentException(option + " " + entry.getKey() + ": no simulator can stand in for it"
                        + " (only " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            Path executable = entry.getValue().toAbsolutePath().normalize();
            if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
                throw new IllegalArgumentException(option + " " + entry.getKey() + "=" + entry.getValue()
                        + ": not an executable file");
            }
            executables.put(entry.getKey(), executable);
        }
        return executables;
    }

    public static SandboxSimulators none() {
        return new SandboxSimulators(Map.of(), Map.of(), loopbackAddress(DEFAULT_LOOPBACK));
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

    /** Whether some command is simulated by an executable (then probes are real: simulated components listen). */
    public boolean any() {
        return !executables.isEmpty();
    }

    /**
     * The simulator of a command, named as the catalog runs it: {@code kubeadm}, or by absolute path
     * ({@code /usr/sbin/haproxy}, as a validate argv names its program): its file name is the command.
     */
    public Optional<Path> executableFor(String command) {
        String name = command.startsWith("/") ? command.substring(command.lastIndexOf('/') + 1) : command;
        return Optional.ofNullable(executables.get(name));
    }

    /** The executable acting on a unit's simulated changes: {@code haproxy.service} or {@code haproxy}. */
    public Optional<Path> unitSimulatorFor(String unit) {
        String name = unit.endsWith(".service") ? unit.substring(0, unit.length() - ".service".length()) : unit;
        return Optional.ofNullable(units.get(name));
    }
}
