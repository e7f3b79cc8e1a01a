package io.kubenode.controller.compiler.runtime;

import io.kubenode.common.cluster.ContainerRuntimeSpec;
import io.kubenode.controller.compiler.ManagedHeader;

/** The systemd unit for containerd installed from its release tarball (the seed fetched it from a main branch). */
public final class ContainerdUnit {
    private ContainerdUnit() {
    }

    public static String render(ContainerRuntimeSpec.Containerd containerd) {
        return ManagedHeader.line("#", "spec.containerRuntime.containerd (version " + containerd.version() + ")")
                + """
                [Unit]
                Description=containerd container runtime
                Documentation=https://containerd.io
                After=network.target local-fs.target dbus.service

                [Service]
                ExecStartPre=-/sbin/modprobe overlay
                ExecStart=/usr/local/bin/containerd
                Type=notify
                Delegate=yes
                KillMode=process
                Restart=always
                RestartSec=5
                LimitNPROC=infinity
                LimitCORE=infinity
                TasksMax=infinity
                OOMScoreAdjust=-999

                [Install]
                WantedBy=multi-user.target
                """;
    }
}
