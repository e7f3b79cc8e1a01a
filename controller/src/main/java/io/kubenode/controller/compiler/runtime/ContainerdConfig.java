package io.kubenode.controller.compiler.runtime;

import io.kubenode.common.cluster.ContainerRuntimeSpec;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;

/**
 * /etc/containerd/config.toml: only what differs from containerd's defaults for the kubelet — the runc runtime
 * with the cgroup driver the kubelet also gets, and the sandbox image kubeadm expects. containerd 1.x reads
 * config version 2; 2.x reads version 3, whose CRI plugin sections moved.
 */
public final class ContainerdConfig {
    private ContainerdConfig() {
    }

    public static String render(ContainerRuntimeSpec.Containerd containerd) {
        String header = ManagedHeader.line("#", "spec.containerRuntime.containerd");
        return isV1(containerd.version())
                ? header + version2(containerd)
                : header + version3(containerd);
    }

    static boolean isV1(String version) {
        return NodeContext.stripV(version).startsWith("1.");
    }

    private static String version2(ContainerRuntimeSpec.Containerd containerd) {
        return """
                version = 2

                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%s"

                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"

                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                  SystemdCgroup = %s
                """.formatted(containerd.sandboxImageOrDefault(), containerd.usesSystemdCgroup());
    }

    private static String version3(ContainerRuntimeSpec.Containerd containerd) {
        return """
                version = 3

                [plugins."io.containerd.cri.v1.images".pinned_images]
                  sandbox = "%s"

                [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"

                [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
                  SystemdCgroup = %s
                """.formatted(containerd.sandboxImageOrDefault(), containerd.usesSystemdCgroup());
    }
}
