package io.kubenode.common.status;

import java.util.List;

/**
 * What the agent reports about its machine: identity (kubeadm needs unique hostname, MAC and product_uuid), size
 * (2 CPUs, 2 GB), swap, kernel, OS and what is installed. Unknown values are null.
 *
 * <p>{@code containerdCgroupDriver} is the driver {@code /etc/containerd/config.toml} gives runc ({@code systemd} or
 * {@code cgroupfs}; null without that file); {@code kubeletCgroupDriver} the one {@code /var/lib/kubelet/config.yaml}
 * gives the kubelet (null before kubeadm wrote it). Both were added later: a status without them still reads.
 * {@code firewall} too (null from an agent that predates it, or when it could not be read).
 */
public record Facts(
        String hostname,
        String machineId,
        String productUuid,
        List<NetworkInterfaceFacts> interfaces,
        int cpus,
        long memoryBytes,
        long swapBytes,
        String kernel,
        String osId,
        String osVersion,
        String osFamily,
        String selinux,
        int cgroupVersion,
        String containerdVersion,
        String kubeletVersion,
        String containerdCgroupDriver,
        String kubeletCgroupDriver,
        FirewallFacts firewall) {

    public static final String SYSTEMD = "systemd";
    public static final String CGROUPFS = "cgroupfs";

    public record NetworkInterfaceFacts(String name, String mac, List<String> addresses) {
    }

    /**
     * The host firewall as the agent found it: which one ({@value #FIREWALLD}, or {@value #NONE} when none is
     * installed), whether it runs, and what the zone of the node's address lets in at runtime: {@code ports} in
     * firewalld's notation ({@code 6443/tcp}, ranges as {@code 30000-32767/tcp}) including the ports of the
     * services enabled in the zone, {@code protocols} opened from anywhere, and the zone's rich rules as firewalld
     * prints them. {@code target} is the zone's target ({@code default}, {@code ACCEPT}, {@code DROP},
     * {@code REJECT}): {@code ACCEPT} lets everything in. Lists are empty when the firewall does not run.
     */
    public record FirewallFacts(String backend, boolean running, String zone, String target, List<String> ports,
                                List<String> protocols, List<String> richRules) {
        public static final String FIREWALLD = "firewalld";
        public static final String NONE = "none";
    }
}
