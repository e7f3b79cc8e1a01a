package io.kubenode.controller.orchestration.preflight;

/**
 * The cluster-wide checks the controller runs before any kubeadm step: what kubeadm cannot see from one node
 * (uniqueness across nodes, the control-plane count) and what it no longer checks but the cluster needs
 * (br_netfilter and the bridge sysctls for flannel, containerd's cgroup driver against the kubelet's, the ports an
 * unmanaged firewall must let in).
 * {@link #id()} is the stable name used in messages, conditions and the API.
 */
public enum PreflightCheck {
    UNIQUE_HOSTNAME("UniqueHostname"),
    UNIQUE_MAC("UniqueMAC"),
    UNIQUE_PRODUCT_UUID("UniqueProductUUID"),
    CONTROL_PLANE_CPUS("ControlPlaneCPUs"),
    CONTROL_PLANE_MEMORY("ControlPlaneMemory"),
    SWAP_OFF("SwapOff"),
    BRIDGE_NETFILTER("BridgeNetfilter"),
    BRIDGE_SYSCTLS("BridgeSysctls"),
    IP_FORWARD("IPForward"),
    CRI_ANSWERING("CRIAnswering"),
    CGROUP_DRIVER_MATCH("CgroupDriverMatch"),
    FIREWALL_PORTS("FirewallPorts"),
    ODD_CONTROL_PLANE_COUNT("OddControlPlaneCount");

    private final String id;

    PreflightCheck(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
