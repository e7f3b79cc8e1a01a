package io.kubenode.agent.facts;

import io.kubenode.common.status.Facts;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.resource.firewall.FirewallFactsReader;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the facts of the machine behind a host: /proc, /sys, /etc/os-release, two version commands and firewalld's
 * state (when firewall-cmd is installed).
 */
public final class FactsCollector {
    private static final System.Logger LOG = System.getLogger(FactsCollector.class.getName());
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
    static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";
    /** Written by kubeadm init/join; absent before. */
    static final String KUBELET_CONFIG = "/var/lib/kubelet/config.yaml";
    private final Host host;
    /** The node's address from its catalog (its firewall resource); null before the first catalog. */
    private volatile String nodeAddress;

    public FactsCollector(Host host) {
        this.host = host;
    }

    /** The node's address as the catalog names it: the firewall facts then describe the zone of its interface. */
    public void nodeAddress(String address) {
        nodeAddress = address;
    }

    public String nodeAddress() {
        return nodeAddress;
    }

    public Facts collect() throws HostException {
        Map<String, String> osRelease = keyValues(text("/etc/os-release").orElse(""));
        Map<String, String> meminfo = meminfo();
        return new Facts(
                firstLine("/proc/sys/kernel/hostname"),
                firstLine("/etc/machine-id"),
                firstLine("/sys/class/dmi/id/product_uuid"),
                interfaces(),
                cpus(),
                kibibytes(meminfo.get("MemTotal")),
                kibibytes(meminfo.get("SwapTotal")),
                firstLine("/proc/sys/kernel/osrelease"),
                osRelease.get("ID"),
                osRelease.get("VERSION_ID"),
                family(osRelease),
                selinux(),
                host.stat("/sys/fs/cgroup/cgroup.controllers").isPresent() ? 2 : 1,
                version(List.of("/usr/local/bin/containerd", "/usr/bin/containerd"), "--version"),
                version(List.of("/usr/bin/kubelet", "/usr/local/bin/kubelet"), "--version"),
                CgroupDrivers.containerd(text(CONTAINERD_CONFIG)),
                CgroupDrivers.kubelet(text(KUBELET_CONFIG)), firewall());
    }

    /**
     * The firewall facts; null when they cannot be read (firewall-cmd failing or timing out, output it does not
     * understand): one unknown fact, not a node without facts.
     */
    private Facts.FirewallFacts firewall() {
        try {
            return FirewallFactsReader.read(host, java.util.Optional.ofNullable(nodeAddress));
        } catch (HostException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "firewall facts unknown: " + e.getMessage());
            return null;
        }
    }

    private List<Facts.NetworkInterfaceFacts> interfaces() throws HostException {
        List<Facts.NetworkInterfaceFacts> interfaces = new ArrayList<>();
        for (String name : host.list("/sys/class/net")) {
            if (name.equals("lo")) {
                continue;
            }
            interfaces.add(new Facts.NetworkInterfaceFacts(name, firstLine("/sys/class/net/" + name + "/address"),
                    addresses(name)));
        }
        return interfaces;
    }

    /** Addresses of the interface in this process's network namespace (the JDK asks the kernel, not a file). */
    private static List<String> addresses(String name) {
        try {
            NetworkInterface networkInterface = NetworkInterface.getByName(name);
            if (networkInterface == null) {
                return List.of();
            }
            return Collections.list(networkInterface.getInetAddresses()).stream()
                    .map(InetAddress::getHostAddress).map(address -> address.replaceFirst("%.*$", ""))
                    .sorted().toList();
        } catch (SocketException e) {
            return List.of();
        }
    }

    private int cpus() throws HostException {
        return (int) text("/proc/cpuinfo").orElse("").lines().filter(line -> line.startsWith("processor")).count();
    }

    private Map<String, String> meminfo() throws HostException {
        Map<String, String> values = new TreeMap<>();
        for (String line : text("/proc/meminfo").orElse("").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return values;
    }

    private static long kibibytes(String value) {
        if (value == null) {
            return 0;
        }
        return Long.parseLong(value.replace("kB", "").trim()) * 1024;
    }

    private String selinux() throws HostException {
        Optional<String> enforce = text("/sys/fs/selinux/enforce").map(String::strip);
        if (enforce.isEmpty()) {
            return "disabled";
        }
        return enforce.get().equals("1") ? "enforcing" : "permissive";
    }

    /** rhel or debian from ID and ID_LIKE; null for anything else. */
    static String family(Map<String, String> osRelease) {
        String ids = (osRelease.getOrDefault("ID", "") + " " + osRelease.getOrDefault("ID_LIKE", ""))
                .toLowerCase(Locale.ROOT);
        if (ids.matches(".*\\b(rhel|fedora|centos)\\b.*")) {
            return "rhel";
        }
        if (ids.matches(".*\\b(debian|ubuntu)\\b.*")) {
            return "debian";
        }
        return null;
    }

    /**
     * The first line of the first present binary's version output; null when none is present or it cannot be run
     * (a broken binary, a timeout, a sandbox that runs no such program): one unknown fact, not a node without facts.
     */
    private String version(List<String> candidates, String flag) throws HostException {
        for (String binary : candidates) {
            if (host.stat(binary).isPresent()) {
                try {
                    String output = host.run(List.of(binary, flag), VERSION_TIMEOUT).stdout().strip();
                    return output.isEmpty() ? null : output.lines().findFirst().orElse(null);
                } catch (HostException e) {
                    LOG.log(System.Logger.Level.DEBUG, "version of " + binary + " unknown: " + e.getMessage());
                    return null;
                }
            }
        }
        return null;
    }

    private String firstLine(String hostPath) throws HostException {
        return text(hostPath).map(String::strip).filter(text -> !text.isEmpty())
                .map(text -> text.lines().findFirst().orElse(text)).orElse(null);
    }

    private Optional<String> text(String hostPath) throws HostException {
        return host.read(hostPath).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    static Map<String, String> keyValues(String text) {
        Map<String, String> values = new TreeMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim().replaceAll("^\"|\"$",
                        ""));
            }
        }
        return values;
    }
}
