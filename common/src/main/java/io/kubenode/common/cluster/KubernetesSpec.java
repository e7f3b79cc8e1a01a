package io.kubenode.common.cluster;

/** Kubernetes version (kubelet/kubeadm/kubectl packages and the control plane) and cluster networks. */
public record KubernetesSpec(
        String version,
        PackageRepository packageRepository,
        String podSubnet,
        String serviceSubnet) {
}
