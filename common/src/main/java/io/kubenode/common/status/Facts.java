package io.kubenode.common.status;

import java.util.List;

/**
 * What the agent reports about its machine: identity (kubeadm needs unique hostname, MAC and product_uuid), size
 * (2 CPUs, 2 GB), swap, kernel, OS and what is installed. Unknown values are null.
 *
 * <p>{@code containerdCgroupDriver} is the driver {@code /etc/containerd/config.toml} gives runc ({@code systemd} or
 * {@code cgroupfs}; null without that file); {@code kubeletCgroupDriver} the one {@code /var/lib/kubelet/config.yaml}
 * gives the kubelet (null before kubeadm wrote it). Both were added later: a status without them still reads.
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
        String kubeletCgroupDriver) {

    public static final String SYSTEMD = "systemd";
    public static final String CGROUPFS = "cgroupfs";

    public record NetworkInterfaceFacts(String name, String mac, List<String> addresses) {
    }
}
