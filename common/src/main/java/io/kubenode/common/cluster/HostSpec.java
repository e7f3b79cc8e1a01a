package io.kubenode.common.cluster;

import java.util.List;
import java.util.Map;

/**
 * Host settings for every node; a node may add kernel modules, sysctls, packages and firewall ports of its own.
 *
 * @param firewall   {@value #FIREWALL_AUTO} (default: manage firewalld where it runs), {@value #FIREWALL_FIREWALLD}
 *                   (firewalld must run on every node) or {@value #FIREWALL_NONE} (kubenode leaves the firewall
 *                   alone; the orchestration's preflight then checks that the ports are open)
 * @param extraPorts the user's own ports opened on every node, in firewalld's notation ({@code 9100/tcp},
 *                   {@code 30000-32767/udp})
 * @param nodePorts  whether workers open the NodePort range 30000-32767/tcp (default true)
 */
public record HostSpec(
        OsFamily osFamily,
        Swap swap,
        String selinux,
        List<String> kernelModules,
        Map<String, String> sysctl,
        List<String> packages,
        String firewall,
        List<String> extraPorts,
        Boolean nodePorts) {

    public static final String FIREWALL_AUTO = "auto";
    public static final String FIREWALL_FIREWALLD = "firewalld";
    public static final String FIREWALL_NONE = "none";

    public String firewallOrDefault() {
        return firewall == null ? FIREWALL_AUTO : firewall;
    }

    public boolean nodePortsOrDefault() {
        return nodePorts == null || nodePorts;
    }
}
