package io.kubenode.common.status;

import java.util.List;

/**
 * What the agent reports about its machine: identity (kubeadm needs unique hostname, MAC and product_uuid), size
 * (2 CPUs, 2 GB), swap, kernel, OS and what is installed. Unknown values are null.
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
        String kubeletVersion) {

    public record NetworkInterfaceFacts(String name, String mac, List<String> addresses) {
    }
}
