package io.kubenode.controller.compiler;

import io.kubenode.controller.compiler.departure.DepartureBuilder;
import io.kubenode.controller.compiler.firewall.FirewallBuilder;
import io.kubenode.controller.compiler.host.HostBasicsBuilder;
import io.kubenode.controller.compiler.kernel.KernelBuilder;
import io.kubenode.controller.compiler.kubeadm.KubeadmConfigBuilder;
import io.kubenode.controller.compiler.kubeadm.OrchestrationBuilder;
import io.kubenode.controller.compiler.kubernetes.KubeconfigProfileBuilder;
import io.kubenode.controller.compiler.kubernetes.KubernetesPackagesBuilder;
import io.kubenode.controller.compiler.loadbalancer.LoadBalancerBuilder;
import io.kubenode.controller.compiler.network.NetworkPluginBuilder;
import io.kubenode.controller.compiler.runtime.ContainerRuntimeBuilder;
import io.kubenode.controller.compiler.verify.VerificationBuilder;

import java.util.List;

/** Every concern of a node, in the order its resources appear in the catalog. */
public final class ModelBuilders {
    public static final List<NodeModelBuilder> ALL = List.of(
            new HostBasicsBuilder(),          // hostname, /etc/hosts, swap, SELinux, the admin's packages
            new KernelBuilder(),              // modules and sysctls, now and at boot
            new FirewallBuilder(),            // the ports each role needs, before what listens on them
            new ContainerRuntimeBuilder(),    // containerd, runc, CNI plugins, CRI probe
            new KubernetesPackagesBuilder(),  // repository, pinned kubelet/kubeadm/kubectl, kubelet enabled
            new LoadBalancerBuilder(),        // keepalived + haproxy on control planes
            new KubeconfigProfileBuilder(),   // root's KUBECONFIG on control planes
            new KubeadmConfigBuilder(),       // kubeadm init/join configuration
            new NetworkPluginBuilder(),       // pinned CNI manifest on the init node
            new OrchestrationBuilder(),       // what the orchestrator released: PKI, discovery, kubeadm, CNI, token
            new DepartureBuilder(),           // a control plane's part in removing other nodes from the cluster
            new VerificationBuilder());       // read-only health probes

    private ModelBuilders() {
    }
}
