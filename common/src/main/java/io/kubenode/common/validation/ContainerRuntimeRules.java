package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.ContainerRuntimeSpec;

/** containerd, runc and the CNI plugins: pinned downloads and a cgroup driver matching the kubelet's. */
final class ContainerRuntimeRules implements ClusterRule {
    private static final String PATH = "spec.containerRuntime";

    @Override
    public void check(Cluster cluster, Problems problems) {
        ContainerRuntimeSpec runtime = cluster.spec().containerRuntime();
        if (runtime == null) {
            return;
        }
        ContainerRuntimeSpec.Containerd containerd = runtime.containerd();
        if (problems.required(PATH + ".containerd", containerd)) {
            ArtifactChecks.check(PATH + ".containerd", containerd, problems);
            ArtifactChecks.checkVersion(PATH + ".containerd", containerd.version(), containerd.url(), problems);
            if (!containerd.usesSystemdCgroup()) {
                problems.warning(PATH + ".containerd.systemdCgroup", "false: containerd and the kubelet will use "
                        + "the cgroupfs driver on a systemd host; kubeadm recommends systemd");
            }
            if (containerd.sandboxImage() != null
                    && !Patterns.IMAGE_REFERENCE.matcher(containerd.sandboxImage()).matches()) {
                problems.error(PATH + ".containerd.sandboxImage", "expected an image reference like "
                        + ContainerRuntimeSpec.DEFAULT_SANDBOX_IMAGE + ", got '" + containerd.sandboxImage() + "'");
            }
        }
        checkRelease(PATH + ".runc", runtime.runc(), problems);
        checkRelease(PATH + ".cniPlugins", runtime.cniPlugins(), problems);
    }

    private static void checkRelease(String path, ContainerRuntimeSpec.Release release, Problems problems) {
        if (problems.required(path, release)) {
            ArtifactChecks.check(path, release, problems);
            ArtifactChecks.checkVersion(path, release.version(), release.url(), problems);
        }
    }
}
